from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShopsConfig(AppConfig):
    name = "openprovince.shops"
    label = "shops"
    verbose_name = _("Shops 4.0")

    def ready(self) -> None:
        from openprovince.cases.pages import register_office_panel
        from openprovince.office.navigation import NavItem, register_nav
        from openprovince.web import registry

        from .office import shop_panel
        from .services import hooks

        hooks.register()
        register_office_panel("shop", template="shops/office_panel.html", context=shop_panel)
        register_nav(NavItem("shops", _("Shops 4.0"), "office:shops"))
        registry.register_tile(
            registry.Tile(
                key="shops",
                title=_("Shops 4.0"),
                hint=_("Find shops that take cashless payment, or register yours"),
                icon="shop",
                url_name="shops:directory",
                order=60,
                keywords="cua hang 4.0 thanh toan khong tien mat vietqr dang ky cua hang",
            )
        )
