from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "openprovince.news"
    label = "news"
    verbose_name = _("News and notices")

    def ready(self) -> None:
        from openprovince.office.navigation import NavItem, register_nav
        from openprovince.web import registry

        from . import site_search
        from .home import strip_context, urgent_context
        from .names import NAMESPACE
        from .rules import writes_news

        register_nav(NavItem("news", _("News and notices"), "office:news", writes_news))
        registry.register_tile(
            registry.Tile(
                key="news",
                title=_("News and notices"),
                hint=_("From the province and your commune or ward"),
                icon="news",
                url_name="news:index",
                order=70,
                keywords="tin tuc thong bao canh bao khan bao chi",
            )
        )
        registry.register_search("news", site_search.search_news, _("News and notices"))
        registry.register_home_section(
            registry.HomeSection(
                key="news-urgent",
                template="news/_home_urgent.html",
                context=urgent_context,
                place="above",
                namespaces=(NAMESPACE,),
            )
        )
        registry.register_home_section(
            registry.HomeSection(
                key="news-strip",
                template="news/_home_strip.html",
                context=strip_context,
                namespaces=(NAMESPACE,),
            )
        )
