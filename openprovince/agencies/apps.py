from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "openprovince.agencies"
    label = "agencies"
    verbose_name = _("Agencies")

    def ready(self) -> None:
        from openprovince.web import registry

        from . import search

        registry.register_tile(
            registry.Tile(
                key="agencies",
                title=_("Agencies and ward offices"),
                hint=_("Phone numbers, addresses, opening hours"),
                icon="agency",
                url_name="agencies:directory",
                order=90,
                keywords="co quan phuong xa so ban nganh danh ba uy ban",
            )
        )
        registry.register_search("agencies", search.search_agencies, _("Agencies"))
