"""Process-wide logging: one line per event, with level, logger and context; secrets redacted.

Called once by the composition root (`configure_logging(settings)`), never at import time.
The redaction is a handler `Filter`, so it sees every record that reaches the output —
from our loggers, discord.py's, aiosqlite's — and scrubs the rendered message, the
exception text and any `extra=` context before the formatter writes it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TextIO

from bot.settings import Settings

REDACTED = "[REDACTED]"
HANDLER_NAME = "stepwise"

# Attributes every LogRecord has; anything else on a record came from `extra=` (context).
_STANDARD_ATTRS = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", (), None)).keys() | {"message", "asctime", "taskName"}
)


class SecretRedactor:
    """Replaces each secret (and each long fragment of it) with `[REDACTED]`."""

    def __init__(self, secrets: Iterable[str]):
        fragments: set[str] = set()
        for secret in secrets:
            if not secret:
                continue
            fragments.add(secret)
            # A Discord token is three dot-separated parts; a log line quoting only the
            # signature part would still leak the secret.
            fragments.update(part for part in secret.split(".") if len(part) >= 20)
        # Longest first so a whole secret is replaced before its fragments.
        self._fragments = tuple(sorted(fragments, key=len, reverse=True))

    def __bool__(self) -> bool:
        return bool(self._fragments)

    def redact(self, text: str) -> str:
        for fragment in self._fragments:
            if fragment in text:
                text = text.replace(fragment, REDACTED)
        return text


class RedactSecretsFilter(logging.Filter):
    """Renders message, args and exception text of a record, then scrubs the secrets.

    Mutates the record in place (msg becomes the final string, args are dropped,
    exc_text is pre-rendered) so no later formatter can reintroduce a secret.
    """

    def __init__(self, secrets: Iterable[str]):
        super().__init__()
        self._redactor = SecretRedactor(secrets)
        self._exception_formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._redactor:
            return True
        redact = self._redactor.redact
        try:
            message = record.getMessage()
        except Exception:  # a bad %-format must not hide the event
            message = f"{record.msg!r} % {record.args!r}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._exception_formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        for key, value in list(vars(record).items()):
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                setattr(record, key, redact(value if isinstance(value, str) else repr(value)))
        return True


class OneLineFormatter(logging.Formatter):
    """`2025-01-02T03:04:05.678Z INFO bot.engine: message key=value exc="..."`.

    Newlines inside the message or a traceback are escaped, so one event stays one line
    for `docker logs`, journald and grep.
    """

    def format(self, record: logging.LogRecord) -> str:
        stamp = datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%S")
        parts = [
            f"{stamp}.{int(record.msecs):03d}Z",
            record.levelname,
            f"{record.name}:",
            _one_line(record.getMessage()),
        ]
        for key, value in sorted(vars(record).items()):
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                parts.append(f"{key}={_quote(str(value))}")
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            parts.append(f"exc={_quote(record.exc_text)}")
        if record.stack_info:
            parts.append(f"stack={_quote(record.stack_info)}")
        return " ".join(parts)


def _one_line(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")


def _quote(text: str) -> str:
    escaped = _one_line(text)
    if escaped and not any(c in escaped for c in ' "='):
        return escaped
    return '"' + escaped.replace('"', '\\"') + '"'


def build_handler(settings: Settings, stream: TextIO | None = None) -> logging.Handler:
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.set_name(HANDLER_NAME)
    handler.addFilter(RedactSecretsFilter(settings.secrets))
    handler.setFormatter(OneLineFormatter())
    return handler


def configure_logging(settings: Settings, stream: TextIO | None = None) -> logging.Handler:
    """Install the one handler on the root logger at `settings.log_level`.

    Idempotent: a second call replaces the handler it installed before. Warnings from
    `warnings.warn` are routed through logging too, so they are redacted the same way.
    """
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:
        root.removeHandler(old)
        old.close()
    handler = build_handler(settings, stream)
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    logging.captureWarnings(True)
    return handler
