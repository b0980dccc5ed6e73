"""`manage.py train_ranker --program SLUG`: train a ranker model now and print its card's figures.

Does what the "Train" button's task does, synchronously: the model is stored inactive, for
an admin to read and activate (or not) on its card.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from matching.ranking.learning import NotEnoughData
from matching.services.training import train_ranker
from mentorship.models import Program


def _interval(value: dict[str, float] | None) -> str:
    if not value:
        return "not measurable"
    return f"{value['mean']:.3f} [{value['low']:.3f}, {value['high']:.3f}]"


class Command(BaseCommand):
    help = "Train a ranker model on a program's outcomes (stored inactive) and print its metrics."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--program", required=True, help="Slug of the program.")

    def handle(self, *args: Any, **options: Any) -> None:
        program = Program.objects.filter(slug=options["program"]).first()
        if program is None:
            raise CommandError(f"No program with the slug {options['program']!r}.")
        try:
            model = train_ranker(program_id=program.pk)
        except NotEnoughData as error:
            raise CommandError(str(error)) from error
        assert model is not None
        details = model.details
        data = details["data"]
        self.stdout.write(
            f"Trained ranker v{model.version} (inactive) for {program.slug} on {data['pairs']} "
            f"labelled pairs ({data['positives']} good), {data['first_day']} to "
            f"{data['last_day']}; held out {data['held_out_pairs']} pairs."
        )
        self.stdout.write("Weights: " + ", ".join(f"{k} {v:g}" for k, v in model.weights.items()))
        for name, label in (("auc", "AUC"), ("ndcg_at_10", "NDCG@10")):
            metric = details["metrics"][name]
            self.stdout.write(
                f"{label:8} trained {_interval(metric['trained'])}   "
                f"v{details['compared_with']} {_interval(metric['current'])}   "
                f"difference {_interval(metric['difference'])}   ({metric['units']} mentees)"
            )
