# syntax=docker/dockerfile:1
FROM python:3.11-slim AS build
WORKDIR /src
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY pyproject.toml README.md ./
COPY app ./app
COPY realtime ./realtime
COPY media ./media
COPY moderation ./moderation
RUN pip install --no-cache-dir .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 pnp
COPY --from=build /opt/venv /opt/venv
WORKDIR /srv
COPY migrations ./migrations
ENV PATH=/opt/venv/bin:$PATH PNP_ENV=production PNP_VAR_DIR=/srv/var PNP_MIGRATIONS_DIR=/srv/migrations \
    PNP_MODEL_CACHE=/srv/var/moderation HOST=0.0.0.0 PORT=8000 \
    PYTHONUNBUFFERED=1
RUN mkdir -p /srv/var && chown pnp:pnp /srv/var
USER pnp
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
CMD ["python", "-m", "app", "serve"]
