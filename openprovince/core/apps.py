from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "openprovince.core"
    label = "core"
    verbose_name = "Core"
