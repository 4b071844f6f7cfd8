# Production image: gunicorn serving Django/Wagtail. In docker-compose.yml nginx serves /static/ and /media/ from
# the shared volumes; run alone, whitenoise serves the static files collected at build time.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=vitrine_cms.settings.production \
    STATIC_ROOT=/app/static MEDIA_ROOT=/app/media

WORKDIR /app
# pg_dump, pg_restore and psql for manage.py backup / restore.
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
# collectstatic needs settings that load; the real secret comes from the environment at run time.
RUN SECRET_KEY=build-only-secret-key-that-is-long-enough-for-the-check-0123456789 ALLOWED_HOSTS=build \
    python manage.py collectstatic --no-input -v 0 \
    && useradd --create-home vitrine && mkdir -p /app/media && chown -R vitrine /app/media /app/static

USER vitrine
EXPOSE 8000
# collectstatic again on start: the static volume nginx serves outlives the image, so an upgrade must refresh it
# (old hashed files stay, for pages cached before the upgrade).
CMD ["sh", "-c", "python manage.py migrate --no-input && python manage.py setup_site && python manage.py collectstatic --no-input -v 0 && gunicorn vitrine_cms.wsgi:application --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3} --access-logfile -"]
