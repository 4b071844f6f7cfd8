import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vitrine_cms.settings.production")
# Web requests get PostgreSQL's statement timeout (DATABASE_STATEMENT_TIMEOUT, see settings/base.py);
# migrations and management commands do not load this file, so they are not cut off.
os.environ["VITRINE_WEB_PROCESS"] = "1"

application = get_wsgi_application()
