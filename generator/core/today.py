"""The one "today" of a run: `check`, `build` and `serve` all ask here, so they agree on
which versions are in force and which facts are old."""
from __future__ import annotations

import datetime as dt
import os


def build_date() -> dt.date:
    """Today, unless SOURCE_DATE_EPOCH pins it (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            pass
    return dt.date.today()
