# One image for every process: web (the default CMD), `celery worker` and `celery beat`.
# Configuration comes from the environment only (see README and docs/operations.md).

# --- build: compilers and headers stay in this stage (psycopg2 is built from source) ---
FROM python:3.11-slim-bookworm AS build

RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential libpq-dev \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir uv

ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never
WORKDIR /app
# Dependencies first, so editing code does not reinstall them.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

# --- runtime: the venv, the code and the shared library psycopg2 links against ---
FROM python:3.11-slim-bookworm

RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --uid 10001 --user-group app

ENV PATH=/app/.venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    ENV_FILE="" \
    DATA_DIR=/app/.data \
    WEB_CONCURRENCY=3
WORKDIR /app
COPY --from=build /app/.venv /app/.venv
COPY . .

# The key only lets the settings load; it is not baked into anything collectstatic writes.
RUN SECRET_KEY=collectstatic-only-not-a-secret python manage.py collectstatic --noinput \
    && mkdir -p /app/.data \
    && chown app:app /app/.data

USER app
EXPOSE 8000
# gunicorn reads WEB_CONCURRENCY for its worker count.
CMD ["gunicorn", "mentorship.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
