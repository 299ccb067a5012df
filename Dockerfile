# Ketenoverleg: one image for the web process (gunicorn), the Celery worker and beat.
# docker-compose.yml runs it; see README.md, section "Production".
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's runtime libraries: Pango (with its FreeType/fontconfig backend) and
# HarfBuzz's subsetter for embedding fonts, plus a font so PDFs never come out blank.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them. pyproject.toml
# declares no packages of its own, so `pip install .` installs just the dependencies
# (its metadata names README.md, which therefore has to be present).
COPY pyproject.toml README.md ./
RUN pip install . \
    && rm -rf build ./*.egg-info

COPY . .

# Collect the static files for WhiteNoise. This uses the production settings on
# purpose: there the staticfiles storage is CompressedManifestStaticFilesStorage, whose
# manifest (staticfiles.json) only a production-mode collectstatic writes, and without
# it every {% static %} fails at runtime. The key and host are throw-away build values;
# the real ones come from the environment when the container runs.
RUN DJANGO_ENV=production \
    SECRET_KEY=collectstatic-at-build-time-only \
    ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --no-input

# An unprivileged user; it owns only the media folder (a volume in docker-compose.yml)
# and its home directory (fontconfig keeps its cache there).
RUN groupadd --system app \
    && useradd --system --gid app --create-home --home-dir /home/app --shell /usr/sbin/nologin app \
    && mkdir -p /data/media /data/documents \
    && chown app:app /data/media /data/documents

ENV MEDIA_ROOT=/data/media DOCUMENTS_ROOT=/data/documents
USER app

EXPOSE 8000
CMD ["gunicorn", "ketenoverleg.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
