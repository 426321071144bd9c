"""Where draws run: local processes (default) or a Dask cluster, with a progress line.

:func:`run_chunks` sends chunks of draws to ``fn(job, ids, values)`` and hands each finished
chunk to ``on_done`` in the parent as it arrives (that is where parts are written, so an
interrupted sweep keeps what finished). Each worker process keeps its own built model between
chunks (:func:`carbon.sweeps.montecarlo.solve_chunk` caches it), so a model is built once per
worker, not per chunk.

* ``scheduler=None``: a ``concurrent.futures.ProcessPoolExecutor`` of ``workers`` processes
  (started with ``spawn``: no state of the parent leaks into a worker).
* ``scheduler="local"``: a ``distributed.LocalCluster`` of ``workers`` single-threaded worker
  processes, closed at the end.
* ``scheduler="tcp://HOST:PORT"``: an existing Dask scheduler. One that does not answer within
  :data:`CONNECT_TIMEOUT_S` seconds is an error (never a hang).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from typing import Any

from carbon.errors import CarbonError

CONNECT_TIMEOUT_S = 5


class Progress:
    """``draws done/total, rate, time left`` on one line of stderr (only when it is a terminal)."""

    def __init__(self, total: int, *, enabled: bool | None = None, label: str = "draws"):
        self.total, self.done, self.label = total, 0, label
        self.t0 = time.perf_counter()
        self.enabled = sys.stderr.isatty() if enabled is None else enabled

    def update(self, n: int) -> None:
        self.done += n
        if not self.enabled:
            return
        el = time.perf_counter() - self.t0
        rate = self.done / el if el > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else float("nan")
        width = 30
        fill = int(width * self.done / max(self.total, 1))
        sys.stderr.write(f"\r[{'#' * fill}{'.' * (width - fill)}] {self.done}/{self.total} "
                         f"{self.label}  {rate:.1f}/s  {left:.0f} s left ")
        if self.done >= self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def describe(scheduler: str | None, workers: int) -> str:
    if scheduler is None:
        return f"local processes ({workers})"
    if scheduler == "local":
        return f"dask LocalCluster ({workers} workers)"
    return f"dask {scheduler}"


def run_chunks(fn: Callable, job: Any, chunks: Sequence[tuple[list[int], Any]], *,
               on_done: Callable[[Any], None], scheduler: str | None = None, workers: int = 1,
               progress: Progress | None = None) -> None:
    """Run ``fn(job, ids, values)`` for every chunk; ``on_done(result)`` in the parent."""
    if not chunks:
        return
    if scheduler is None:
        with _single_threaded_children(), \
                ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            futures = {pool.submit(fn, job, ids, vals): len(ids) for ids, vals in chunks}
            try:
                for fut in as_completed(futures):
                    on_done(fut.result())
                    if progress:
                        progress.update(futures[fut])
            except BaseException:
                for fut in futures:
                    fut.cancel()
                raise
        return
    client, cluster = _dask_client(scheduler, workers)
    try:
        from distributed import as_completed as dask_completed

        submitted = [client.submit(fn, job, ids, vals, pure=False) for ids, vals in chunks]
        sizes = {f.key: len(ids) for f, (ids, _) in zip(submitted, chunks, strict=True)}
        for fut in dask_completed(submitted):
            on_done(fut.result())
            if progress:
                progress.update(sizes[fut.key])
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


#: thread pools of the numerical libraries a worker loads (BLAS through numpy, OpenMP)
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


@contextlib.contextmanager
def _single_threaded_children() -> Iterator[None]:
    """Worker processes started inside this block run their numerical libraries on one thread.

    Each worker is one solve at a time; a BLAS pool per worker would make two workers fight over
    the same cores (measured: 2 workers 0.97x one worker with the default pools, 1.6x with one
    thread each). The parent's own pools are unchanged (set before the variables are read)."""
    saved = {k: os.environ.get(k) for k in THREAD_VARIABLES}
    os.environ.update(dict.fromkeys(THREAD_VARIABLES, "1"))
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _dask_client(scheduler: str, workers: int):
    """A ``distributed.Client`` (and the LocalCluster it owns, if any)."""
    import logging

    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)
    if scheduler == "local":
        with _single_threaded_children():
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
        return Client(cluster), cluster
    if not scheduler.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
        raise CarbonError(f"--scheduler {scheduler!r}: expected tcp://HOST:PORT or local")
    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT_S), None
    except (OSError, TimeoutError) as exc:
        raise CarbonError(f"--scheduler {scheduler}: no Dask scheduler answered within "
                          f"{CONNECT_TIMEOUT_S} s ({type(exc).__name__})") from None
