from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TuitionConfig(AppConfig):
    name = "openprovince.tuition"
    label = "tuition"
    verbose_name = _("Tuition")

    def ready(self) -> None:
        from openprovince.office.navigation import NavItem, register_nav
        from openprovince.payments.purposes import on_paid

        from .rules import sees_schools
        from .services.paying import PURPOSE, bills_mark_paid

        on_paid(PURPOSE, bills_mark_paid)
        register_nav(NavItem("tuition", _("Tuition"), "office:tuition", sees_schools))
