# Stepwise tutor bot. Build: `docker compose build`; run: `docker compose up -d`.
# One image, two roles: `stepwise run` (the bot) and `stepwise sandbox serve` (the sandbox
# service). Whichever container runs the learner-code sandbox needs user namespaces: run it
# with deploy/seccomp.json (see docker-compose.yml). No privileged mode, no added capabilities.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

# uid/gid 1000 matches `user: "1000:1000"` in docker-compose.yml and the owner of ./data.
RUN groupadd --gid 1000 stepwise \
 && useradd --uid 1000 --gid 1000 --home-dir /app --no-create-home \
            --shell /usr/sbin/nologin stepwise

# Install the project from a throwaway source copy, so /app holds data and content only
# and `import bot` always means the installed package.
WORKDIR /tmp/src
COPY pyproject.toml README.md ./
COPY bot ./bot
# [ml]: numpy, pandas, scikit-learn, which lessons declare and the sandbox keeps warm.
RUN pip install '.[ml]' && rm -rf /tmp/src

WORKDIR /app
# Lessons baked in as a default (also inside the package); compose mounts ./content over
# this read-only. ./content is a link to bot/content in the repository.
COPY bot/content ./content
RUN mkdir -p /app/data && chown 1000:1000 /app/data

ENV STEPWISE_DB=/app/data/stepwise.db \
    STEPWISE_CONTENT=/app/content

USER 1000:1000
VOLUME ["/app/data"]

# `stepwise run` drains running evaluations on SIGTERM and exits 0.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=60s --timeout=20s --start-period=90s --retries=3 \
    CMD ["stepwise", "health"]
CMD ["stepwise", "run"]
