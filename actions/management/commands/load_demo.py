"""`python manage.py load_demo [--password PW]`: load the Sutton demo statement."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from actions.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Load the published Sutton 2018 demo statement and the demo accounts (manager, "
        "officer, lead, parent). Safe to run again: an existing demo is left unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help=(
                "Password for the demo accounts. Without it, new accounts get a random "
                "password (printed once) and existing accounts keep theirs."
            ),
        )

    def handle(self, *args, password=None, **options):
        try:
            result = load_demo(password=password, stdout=self.stdout)
        except ValidationError as error:
            raise CommandError("--password: " + " ".join(error.messages)) from error

        self.stdout.write("")
        self.stdout.write("Demo logins:")
        width = max(len(account.username) for account in result.accounts)
        role_width = max(len(account.role) for account in result.accounts)
        for account in result.accounts:
            shown = account.password if account.password is not None else "unchanged"
            self.stdout.write(
                f"  {account.username:<{width}}  {account.role:<{role_width}}  {shown}"
            )
        if result.password_generated:
            self.stdout.write(
                self.style.WARNING(
                    "The password above was generated for this run and is not stored: "
                    "note it down, or run again with --password."
                )
            )
        elif any(account.password is None for account in result.accounts):
            self.stdout.write(
                "Accounts marked unchanged kept the password they already had; "
                "use --password to set a new one."
            )
        # `make run` sets SITE_URL to the address it serves on.
        site = settings.SITE_URL.rstrip("/")
        self.stdout.write(f"\nOpen {site}/ and sign in at {site}/accounts/login/")
