"""`python manage.py generate_load_data --actions N`: a large statement for load tests."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from actions.load_data import (
    MANAGER_USERNAME,
    SLUG,
    generate_load_data,
    refresh_planner_statistics,
)


class Command(BaseCommand):
    help = (
        f'Replace the published "Load test" statement (slug {SLUG}) with one of N actions, '
        "each with progress updates, measures with figures, and comments. Test data: "
        "the previous load-test statement is deleted first. Same --seed, same data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--actions", type=int, required=True, help="How many actions.")
        parser.add_argument(
            "--updates-per-action", type=int, default=3, help="Progress updates per action."
        )
        parser.add_argument(
            "--measurements-per-measure", type=int, default=12, help="Figures per measure."
        )
        parser.add_argument("--seed", type=int, default=2018, help="Random seed (default 2018).")
        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            help="The day the data is written as of, YYYY-MM-DD (default today).",
        )
        parser.add_argument(
            "--password",
            help="Password for the loadtest-* accounts (without it they cannot sign in).",
        )

    def handle(self, *args, **options):
        for name in ("actions", "updates_per_action", "measurements_per_measure"):
            if options[name] < (1 if name == "actions" else 0):
                raise CommandError(f"--{name.replace('_', '-')} is too small.")
        started = time.perf_counter()
        result = generate_load_data(
            options["actions"],
            options["updates_per_action"],
            options["measurements_per_measure"],
            seed=options["seed"],
            as_of=options["as_of"],
            password=options["password"],
        )
        refresh_planner_statistics()
        self.stdout.write(
            f'Loaded "{result.statement.title}" (/{SLUG}/): {result.actions} actions, '
            f"{result.updates} progress updates, {result.measures} measures with "
            f"{result.measurements} figures, {result.comments} comments, in "
            f"{time.perf_counter() - started:.1f}s. Programme manager: {MANAGER_USERNAME}."
        )
