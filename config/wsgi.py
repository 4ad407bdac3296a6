import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
application = get_wsgi_application()

from openprovince.accounts.demo_guard import refuse_demo_accounts  # noqa: E402

refuse_demo_accounts()  # production settings refuse to serve while demo accounts exist
