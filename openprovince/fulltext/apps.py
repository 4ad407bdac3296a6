from django.apps import AppConfig


class FulltextConfig(AppConfig):
    name = "openprovince.fulltext"
    label = "fulltext"
    verbose_name = "Full-text search"
