from django.core.management.base import BaseCommand
from django.db import transaction

from bookclub.demo.clubs import seed_clubs
from bookclub.demo.discussions import seed_discussions
from bookclub.demo.people import DEMO_PASSWORD, PEOPLE, seed_people
from bookclub.demo.polls import seed_polls
from bookclub.demo.readings import seed_readings


class Command(BaseCommand):
    help = "Create the demo people and club. Running it again changes nothing."

    def handle(self, *args, **options):
        with transaction.atomic():
            people = seed_people()
            seed_clubs(people)
            reading = seed_readings(people)
            seed_discussions(people, reading)
            seed_polls(people)
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        for person in PEOPLE:
            self.stdout.write(f"  {person.email:<28} {person.display_name:<8} {person.role}")
