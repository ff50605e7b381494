# syntax=docker/dockerfile:1
# Alumni Program: one image for web (gunicorn), worker and beat (celery).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    WEB_CONCURRENCY=3

WORKDIR /app

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY --chown=root:root . .

# Static files are collected at build time with the *production* storage (whitenoise's
# compressed manifest storage, chosen by DJANGO_ENV=production). Collecting with the development
# storage would leave no manifest and every production page would be a 500. Only dummy values
# here: nothing connects to a database during collectstatic, and none of them stays in the image.
RUN DJANGO_ENV=production \
    SECRET_KEY=collectstatic-build-only-dummy \
    ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite:////tmp/collectstatic.sqlite3 \
    python manage.py collectstatic --noinput -v 0 \
    && rm -f /tmp/collectstatic.sqlite3 \
    && mkdir -p /app/var \
    && chown app:app /app/var

USER app

EXPOSE 8000

# WEB_CONCURRENCY sets the number of gunicorn workers.
CMD ["gunicorn", "alumni_program.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--access-logfile", "-", \
     "--timeout", "60", \
     "--forwarded-allow-ips", "*"]
