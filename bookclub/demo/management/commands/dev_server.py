import os
import signal

from django.core.management import call_command
from django.core.management.base import BaseCommand


def _interrupt(signum, frame):
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Migrate, load the demo club and serve on 127.0.0.1:8000 (what `make run` does)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        # Ctrl-C and a plain kill both stop cleanly, even when started in the background
        # (where the shell leaves SIGINT ignored).
        signal.signal(signal.SIGINT, _interrupt)
        signal.signal(signal.SIGTERM, _interrupt)
        # runserver's reloader starts this command again in a child process: set up once.
        if os.environ.get("RUN_MAIN") == "true":
            call_command("runserver", addrport)
            return
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        call_command("seed_demo")
        try:
            call_command("runserver", addrport)
        finally:
            if not os.environ.get("DATABASE_URL"):
                # The reloader's child may die without detaching from the embedded server.
                from bookclub.embedded_postgres import stop

                stop()
