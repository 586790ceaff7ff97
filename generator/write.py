"""Stage 6 — write: put the finished site on disk all at once.

Everything is written to a fresh folder beside the target, which is swapped in only when
the whole build succeeded; a failed build leaves the previous site serving untouched.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def staging_dir(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))


def write_files(stage: Path, files: dict[str, str | bytes]) -> int:
    total = 0
    for rel, content in sorted(files.items()):
        target = stage / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        target.write_bytes(data)
        total += len(data)
    return total


def copy_static(source: Path, stage: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, stage / "static", dirs_exist_ok=True)


def swap_in(stage: Path, out: Path) -> None:
    """Replace `out` with `stage`: two renames, so no reader ever sees a half-written site."""
    os.chmod(stage, 0o755)
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        old.rmdir()
        os.rename(out, old)
    os.rename(stage, out)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def discard(stage: Path) -> None:
    shutil.rmtree(stage, ignore_errors=True)
