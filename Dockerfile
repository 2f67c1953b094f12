# One image for the API and the workers; the command picks the part:
#   docker run IMAGE hoso serve --host 0.0.0.0 --port 8000
#   docker run IMAGE hoso worker -n 2
# Settings come from the environment (DATABASE_URL, REDIS_URL, HOSO_DATA_DIR, ...).
FROM debian:bookworm-slim

ENV DEBIAN_FRONTEND=noninteractive \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    HOSO_DATA_DIR=/data

RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      python3 python3-venv \
      tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd \
      poppler-utils icc-profiles-free \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY hoso ./hoso
RUN python3 -m venv /opt/venv \
 && /opt/venv/bin/pip install --upgrade pip \
 && /opt/venv/bin/pip install . \
 && useradd --system --uid 10001 --home-dir /data hoso \
 && mkdir -p /data && chown hoso /data

ENV PATH=/opt/venv/bin:$PATH
USER hoso
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python3 -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health').status != 200)" || exit 1
CMD ["hoso", "serve", "--host", "0.0.0.0", "--port", "8000"]
