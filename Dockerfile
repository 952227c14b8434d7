# syntax=docker/dockerfile:1
# Multi-stage image of the COBIOE platform: a build stage compiles the dependencies into a
# virtualenv, a node stage vendors the front-end libraries from npm; the runtime stage copies
# both, runs as a non-root user and serves with gunicorn.

FROM python:3.11-slim-bookworm AS builder
RUN apt-get update --yes --quiet \
 && apt-get install --yes --quiet --no-install-recommends build-essential libpq-dev \
 && rm -rf /var/lib/apt/lists/* \
 && python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
WORKDIR /build
COPY pyproject.toml constraints.txt ./
# The runtime dependencies listed in pyproject.toml, at the versions pinned in constraints.txt.
RUN python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' > requirements.txt \
 && pip install --no-cache-dir --upgrade pip \
 && pip install --no-cache-dir -c constraints.txt -r requirements.txt


# Leaflet and its marker clusters for the actor map, at the versions package-lock.json pins
# (the runtime dependencies only: axe-core is for the tests), copied into the static files.
FROM node:20-bookworm-slim AS frontend
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY scripts/vendor-static scripts/
RUN scripts/vendor-static


FROM python:3.11-slim-bookworm AS runtime
RUN apt-get update --yes --quiet \
 && apt-get install --yes --quiet --no-install-recommends libpq5 libjpeg62-turbo libwebp7 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 cobioe
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH="/opt/venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=cobioe.settings.production \
    PORT=8000
COPY --from=builder /opt/venv /opt/venv
WORKDIR /app
RUN chown cobioe:cobioe /app
COPY --chown=cobioe:cobioe . .
COPY --from=frontend --chown=cobioe:cobioe /build/actors/static/actors/vendor actors/static/actors/vendor
USER cobioe
RUN mkdir -p /app/media
# Collected and compressed at build time; the key only satisfies the settings, it signs nothing.
RUN SECRET_KEY=collectstatic-only-not-a-secret python manage.py collectstatic --noinput --clear
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz', timeout=4)"
CMD ["sh", "-c", "exec gunicorn cobioe.wsgi:application --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-3} --access-logfile -"]
