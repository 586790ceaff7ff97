"""Python-Markdown (as the articles were rendered before) against markdown-it-py (as
generator/markdown_render.py renders them now) on Markdown known to make parsers slow,
each input filling an article up to the size limit.

    pip install -e '.[bench]'        # Python-Markdown, for the comparison only
    python3 benchmarks/parsers.py [--runs 3] [--cap 20] [SIZE …]

Prints the median CPU seconds of each parser for each input, side by side (CPU time,
so other work on a shared machine does not count). A Python-Markdown run that takes
longer than --cap seconds is stopped and shown as "> cap".
"""
from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from generator.model.articles import MAX_ARTICLE_BYTES  # noqa: E402
from generator.source.markdown import render  # noqa: E402
from test_articles import worst_cases  # noqa: E402


def python_markdown(body: str) -> str:
    import markdown

    return markdown.markdown(body.replace("&", "&amp;").replace("<", "&lt;"),
                             extensions=["extra", "sane_lists"], output_format="html")


def markdown_it(body: str) -> str:
    return render(body)[0]


def _timed(function, body: str, out) -> None:
    started = time.process_time()
    function(body)
    out.put(time.process_time() - started)


def median_seconds(function, body: str, runs: int, cap: float) -> float | None:
    """Median CPU seconds over `runs`, each in a child process; None if one ran past `cap`."""
    times = []
    for _ in range(runs):
        out = multiprocessing.Queue()
        child = multiprocessing.Process(target=_timed, args=(function, body, out))
        child.start()
        child.join(cap)
        if child.is_alive():
            child.terminate()
            child.join()
            return None
        if child.exitcode != 0:
            raise SystemExit(f"{function.__name__} failed")
        times.append(out.get())
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[MAX_ARTICLE_BYTES])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cap", type=float, default=20.0)
    args = parser.parse_args()
    try:
        import markdown  # noqa: F401
    except ImportError:
        sys.exit("Python-Markdown is not installed: pip install -e '.[bench]'")
    for size in args.sizes:
        print(f"\n{size:,} bytes (median CPU seconds of {args.runs} runs)")
        print(f"{'input':<18}{'Python-Markdown':>17}{'markdown-it-py':>16}")
        for name, body in worst_cases(size).items():
            old = median_seconds(python_markdown, body, args.runs, args.cap)
            new = median_seconds(markdown_it, body, args.runs, args.cap)
            shown = [f"> {args.cap:g}" if t is None else f"{t:.3f}" for t in (old, new)]
            print(f"{name:<18}{shown[0]:>17}{shown[1]:>16}", flush=True)


if __name__ == "__main__":
    main()
