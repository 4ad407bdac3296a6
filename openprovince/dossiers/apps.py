from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "openprovince.dossiers"
    label = "dossiers"
    verbose_name = _("Administrative procedures and dossiers")

    def ready(self) -> None:
        from openprovince.web import registry

        from .catalogue import site_search

        registry.register_tile(
            registry.Tile(
                key="procedures",
                title=_("Administrative procedures"),
                hint=_("What to bring, fees, time; apply online"),
                icon="list",
                url_name="procedures:index",
                order=20,
                keywords="thu tuc hanh chinh dich vu cong truc tuyen nop ho so giay to "
                "khai sinh ket hon cu tru ho kinh doanh dat dai xay dung chung thuc",
            )
        )
        registry.register_search("procedures", site_search.search_procedures, _("Procedures"))
        self._dossier_rules()

    def _dossier_rules(self) -> None:
        """The dossier rules in every transition of a dossier case, and its own pages."""
        from django.utils.translation import gettext_lazy as _

        from openprovince.cases.pages import register_case_pages
        from openprovince.office.navigation import NavItem, register_nav
        from openprovince.payments.purposes import on_paid

        from .services import fees, handling

        handling.register()
        on_paid(fees.PURPOSE, fees.dossier_fee_settle)
        register_nav(NavItem("dossier_stats", _("Dossier statistics"), "office:dossier_stats"))
        register_case_pages("dossier", office="office:dossier", citizen="dossiers:detail")
