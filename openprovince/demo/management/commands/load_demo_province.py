"""Load the demo province once (`make run` calls this on every start; it is idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openprovince.agencies.importing import agencies_import
from openprovince.agencies.models import Agency
from openprovince.demo.cases import demo_cases_load
from openprovince.demo.dossiers import demo_dossiers_load
from openprovince.demo.news import demo_news_load
from openprovince.demo.officials import demo_officials_load
from openprovince.demo.procedures import demo_procedures_load
from openprovince.demo.province import AGENCY_TYPES, PROVINCE_CODE, demo_agency_rows
from openprovince.demo.questions import demo_questions_load
from openprovince.demo.reports import demo_reports_load
from openprovince.demo.shops import demo_shops_load
from openprovince.demo.tuition import demo_tuition_load


class Command(BaseCommand):
    help = (
        "Load the demo province (agencies with boundaries), demo officials, requests, "
        "reports and the procedure catalogue. Skips when already loaded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="write the demo rows again even if the demo is loaded "
            "(overwrites edits to demo agencies)",
        )

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if Agency.objects.filter(code=PROVINCE_CODE).exists() and not force:
            # A database from before the catalogue existed still gets it.
            procedures = demo_procedures_load()
            questions = demo_questions_load()
            bills = demo_tuition_load()
            shops = demo_shops_load()
            news = demo_news_load()
            self.stdout.write(
                "Demo province already loaded (use --force to reload)"
                + (f"; {procedures} demo procedures added" if procedures else "")
                + (f"; {questions} demo questions added" if questions else "")
                + (f"; {bills} demo tuition bills added" if bills else "")
                + (f"; {shops} demo shops added" if shops else "")
                + (f"; {news} demo articles added" if news else "")
                + "."
            )
            return
        report = agencies_import(rows=demo_agency_rows(), agency_types=AGENCY_TYPES)
        if not report.ok:
            raise CommandError(f"Demo data rejected: {report.as_dict()['errors'][:5]}")
        procedures = demo_procedures_load()
        officials = demo_officials_load()
        requests = demo_cases_load()
        reports = demo_reports_load()
        dossiers = demo_dossiers_load()
        questions = demo_questions_load()
        bills = demo_tuition_load()
        shops = demo_shops_load()
        news = demo_news_load()
        message = (
            f"Demo province loaded: {report.created} agencies created, {report.updated} updated, "
            f"{officials} demo officials (see README, Demo accounts), {requests} demo requests, "
            f"{reports} demo reports, {procedures} procedures in the catalogue, "
            f"{dossiers} demo dossiers, {questions} demo questions, {bills} demo tuition bills, "
            f"{shops} demo shops, {news} demo articles."
        )
        self.stdout.write(self.style.SUCCESS(message))
