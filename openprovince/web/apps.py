from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "openprovince.web"
    label = "web"
    verbose_name = _("Citizen app")

    def ready(self) -> None:
        from . import registry, search

        registry.register_search("services", search.search_services, _("Services"))
