import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "levekar.config.settings")
application = get_wsgi_application()

# Production with a console or in-memory message backend does not start (core/checks.py).
from levekar.core.checks import refuse_unsafe_production  # noqa: E402

refuse_unsafe_production()
