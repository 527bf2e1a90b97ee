"""Progress pictures drawn with matplotlib (Agg) in a worker thread: `PictureWorker`."""

from __future__ import annotations

from bot.pictures.worker import PictureWorker

__all__ = ["PictureWorker"]
