from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "openprovince.demo"
    label = "demo"
    verbose_name = "Demo data"
