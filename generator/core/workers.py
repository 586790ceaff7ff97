"""How many processes a build uses, and mapping work over them.

Every core the build may run on (`os.sched_getaffinity`), or `YIBAO_WORKERS=N` (e.g.
`YIBAO_WORKERS=1` for one process: a profile, a machine that is shared). Worker
processes are forked, so they start with everything the parent has loaded (the
settings, the compiled templates) without copying or pickling it; results come back in
the order of the jobs, so what is made does not depend on how many processes made it."""
from __future__ import annotations

import gc
import multiprocessing as mp
import os
import warnings
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterator, Sequence, TypeVar

from generator.core.errors import CannotBuild

ENV = "YIBAO_WORKERS"
T = TypeVar("T")
R = TypeVar("R")


def worker_count() -> int:
    """The processes to use: YIBAO_WORKERS when set, else the cores this process may use."""
    forced = os.environ.get(ENV, "").strip()
    if forced:
        if not forced.isascii() or not forced.isdigit() or int(forced) < 1:
            raise CannotBuild(f"环境变量 {ENV} 要写成一个正整数（例如 {ENV}=1 只用一个进程），现在是“{forced}”。")
        return int(forced)
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in mp.get_all_start_methods()


def forked_map(function: Callable[[T], R], jobs: Sequence[T], workers: int, chunksize: int = 1) -> Iterator[R]:
    """`function` over `jobs` in `workers` forked processes (in this one when one worker
    is asked for, or the system cannot fork), results in the order of `jobs`. An exception
    in a worker is raised here, as the same exception."""
    if workers < 2 or len(jobs) < 2 or not can_fork():
        yield from map(function, jobs)
        return
    # What the parent has made so far is shared with the workers: frozen, the workers'
    # cycle collections do not walk it (nor copy its pages by marking it), as the gc
    # module's documentation advises before a fork; collected as usual again afterwards.
    gc.freeze()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # Python 3.12 warns of fork with threads
            with ProcessPoolExecutor(min(workers, len(jobs)), mp_context=mp.get_context("fork")) as pool:
                yield from pool.map(function, jobs, chunksize=chunksize)
    finally:
        gc.unfreeze()
