from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "openprovince.questions"
    label = "questions"
    verbose_name = _("Online questions and answers")

    def ready(self) -> None:
        from openprovince.cases.pages import register_case_pages
        from openprovince.office.navigation import NavItem, register_nav
        from openprovince.web import registry

        from . import site_search
        from .services import hooks

        hooks.register()
        registry.register_tile(
            registry.Tile(
                key="questions",
                title=_("Ask the government"),
                hint=_("Find answers or ask a question"),
                icon="question",
                url_name="questions:index",
                order=30,
                keywords="hoi dap hoi chinh quyen cau hoi tra loi giai dap thac mac",
            )
        )
        registry.register_search("questions", site_search.search_questions, _("Questions"))
        register_nav(NavItem("question_stats", _("Q&A statistics"), "office:question_stats"))
        register_case_pages("question", office="office:question", citizen="questions:detail")
