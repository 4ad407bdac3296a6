from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "openprovince.reports"
    label = "reports"
    verbose_name = _("On-the-spot reports")

    def ready(self) -> None:
        from openprovince.cases.pages import register_case_pages
        from openprovince.web import registry

        from . import search
        from .services import handling  # noqa: F401  (registers the case transition hook)

        registry.register_tile(
            registry.Tile(
                key="reports",
                title=_("Report a problem"),
                hint=_("Broken lights, rubbish, flooding: send a photo"),
                icon="camera",
                url_name="reports:new",
                order=10,
                keywords="phan anh hien truong bao hong den duong rac ngap o ga",
            )
        )
        registry.register_search("reports", search.search_reports, _("Reports"))
        register_case_pages("report", office="office:report")
