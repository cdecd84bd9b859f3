import os
import signal

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def emails_go_to_terminal() -> bool:
    """Whether the default mailer prints messages (development) rather than sending them."""
    return settings.MAILERS["default"]["BACKEND"].endswith("console.EmailBackend")


class Command(BaseCommand):
    help = (
        "Migrate, load the demo club and serve on HOST:PORT from the environment, "
        "127.0.0.1:8000 by default (what `make run` does)."
    )

    def add_arguments(self, parser):
        served = f"{os.environ.get('HOST') or '127.0.0.1'}:{os.environ.get('PORT') or 8000}"
        parser.add_argument("addrport", nargs="?", default=served)

    def handle(self, *args, addrport, **options):
        # The serving process (runserver's reloader child) reads its settings afresh: tell
        # it the address, so that links in emails (SITE_URL) lead here.
        host, _, port = addrport.rpartition(":")
        os.environ["HOST"], os.environ["PORT"] = host or "127.0.0.1", port
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
        if emails_go_to_terminal():
            self.stdout.write(
                "Emails (sign-up confirmations, password resets, notifications) are printed "
                "here, in this terminal."
            )
        try:
            call_command("runserver", addrport)
        finally:
            if not os.environ.get("DATABASE_URL"):
                # The reloader's child may die without detaching from the embedded server.
                from bookclub.embedded_postgres import stop

                stop()
