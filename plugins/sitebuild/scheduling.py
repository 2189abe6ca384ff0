"""How the renderings of the languages and the Pagefind runs share the cores.

Each language renders in a process of its own (forked; one thread in the parent waits for
each), then its search shards are indexed by Pagefind in a thread pool; at most *jobs* of
either run at once. Interrupted, the processes are ended and no more Pagefind runs start.
A language process tells the parent as soon as its pages are written (``pages_written``),
before its search mirror: once every language has, what needs the whole site written (the
prune) starts beside the longer language's mirror.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import multiprocessing
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from .report import BuildReport, setup_logging
from .search_index import PAGEFIND_RUNS, index_shard

logger = logging.getLogger("sitebuild")
WAKE_SECONDS = 0.2  # how often the main thread wakes from a wait, to run a signal handler another thread took
PAGES_WRITTEN = ("pages written",)  # a language process's message before its report
_tell_parent = None  # in a language process: sends ``PAGES_WRITTEN`` to the parent


def pages_written() -> None:
    """Tell the parent that this language's pages are all in the staging folder (nothing
    outside a language process, or a second time)."""
    global _tell_parent  # noqa: PLW0603 -- one per forked language process
    if _tell_parent is not None:
        _tell_parent()
        _tell_parent = None


def render_and_index(
    tasks: list[tuple], jobs: int, shards_of, render, index=index_shard, meanwhile=None
) -> BuildReport:
    """Run ``render(*task)`` for each task (``build_language``'s arguments), then ``index``
    each search shard it mirrored (``shards_of(code)``); what they logged, merged. When all
    are rendered without error, ``meanwhile()`` has run while the shards are indexed: it
    starts its work and returns a function that waits for it (called with whether the
    renderings succeeded). It starts as soon as every language process has written its pages
    (``pages_written``), else once all are rendered.

    At most *jobs* of these run at once, language renderings and Pagefind runs alike: one
    per core, and one at a time in memory. With more than one job, each language renders
    in a process of its own that ends with it, so its memory is back before Pagefind's runs.
    """
    report = BuildReport()
    cores = threading.Semaphore(jobs)
    indexing, spans = [], []  # Pagefind's futures; (start, end) of each run
    PAGEFIND_RUNS.reopen()

    with ThreadPoolExecutor(max_workers=jobs) as indexers:

        def index_one(shard: tuple) -> None:
            with cores:
                start = time.perf_counter()
                index(*shard)
                spans.append((start, time.perf_counter()))

        merging = threading.Lock()  # each language process has a thread that waits for it
        written, started = set(), []  # the languages whose pages are written; what ``meanwhile`` started

        def pages_in(code: str) -> None:
            with merging:
                written.add(code)
                if meanwhile is not None and not started and len(written) == len(tasks) and not report.errors:
                    with contextlib.suppress(OSError):  # could not start: tried again once all are rendered
                        started.append(meanwhile())

        def rendered(code: str, result: BuildReport) -> None:
            cores.release()
            with merging:
                report.merge(result)
                if not result.errors:
                    indexing.extend(indexers.submit(index_one, shard) for shard in shards_of(code))

        def failed(code: str, error: BaseException) -> None:  # the process itself died
            rendered(code, BuildReport(errors=[f"building the {code} site failed: {error}"]))

        try:
            _render_all(tasks, jobs, render, cores, rendered, failed, pages_in)
            with merging:
                if meanwhile is not None and not started and not report.errors:
                    started.append(meanwhile())
            for wait in started:
                wait(not report.errors)
            for future in list(indexing):
                try:
                    wait_until_done(future.exception)
                    future.result()
                except Exception as error:  # Pagefind failed or could not run
                    logger.error("building the search index failed: %s", error)
                    report.errors.append(f"building the search index failed: {error}")
        except BaseException:  # interrupted: start no more Pagefind runs, stop those running
            indexers.shutdown(wait=False, cancel_futures=True)
            PAGEFIND_RUNS.stop()
            raise
    if spans:  # from the first Pagefind run to the end of the last
        report.timings["search index"] = max(end for _, end in spans) - min(start for start, _ in spans)
    return report


def _render_all(tasks: list[tuple], jobs: int, render, cores, rendered, failed, written) -> None:
    """Render every task, at most *jobs* at once (each holds one of the *cores*): with more
    than one job, each in a process of its own. Interrupted, the processes are ended.

    One process per task rather than a pool: a pool's workers share a queue lock, and a
    worker ended while it waited for work could leave it held (an interrupted build hung).
    """
    if jobs == 1:
        for task in tasks:
            cores.acquire()
            rendered(task[1], render(*task))
        return
    context = multiprocessing.get_context("fork")
    processes, waiters = [], []
    try:
        for task in tasks:
            cores.acquire()
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_in_process, args=(render, task, sender), daemon=True)
            process.start()
            sender.close()
            processes.append(process)
            waiter = threading.Thread(target=_wait_for, args=(process, receiver, task[1], rendered, failed, written))
            waiter.start()
            waiters.append(waiter)
        for waiter in waiters:
            wait_until_done(waiter.join, waiter.is_alive)
    except BaseException:
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join()
        raise


def wait_until_done(wait, waiting=None) -> None:
    """Call ``wait(timeout)`` until it returns in time (``waiting()`` false, or no
    ``TimeoutError``). Never one endless wait: Ctrl-C or SIGTERM may reach one of the build's
    threads rather than the main one, and Python runs the handler only when the main thread
    runs again, which a wait without a timeout never lets it do (a build hung on Ctrl-C)."""
    while True:
        try:
            wait(WAKE_SECONDS)
        except TimeoutError:
            continue
        if waiting is None or not waiting():
            return


def _wait_for(process, receiver, code: str, rendered, failed, written) -> None:
    """Pass what the language process sent on: that its pages are written to *written*, its
    report to *rendered*, or its failure to *failed*."""
    with receiver:
        message = _received(receiver)
        if message == PAGES_WRITTEN:
            written(code)
            message = _received(receiver)
    process.join()
    if message is None:
        failed(code, RuntimeError(f"its process ended with exit status {process.exitcode}"))
    elif message[0]:
        rendered(code, message[1])
    else:
        failed(code, RuntimeError(message[1]))


def _received(receiver):
    """The next message of a language process; None when it ended before it sent one."""
    try:
        return receiver.recv()
    except (EOFError, OSError):
        return None


def _in_process(render, task, sender) -> None:
    """A language process: render *task* and send the report (or the failure) to the parent."""
    global _tell_parent  # noqa: PLW0603 -- this process's own
    setup_logging()
    _tell_parent = partial(sender.send, PAGES_WRITTEN)
    try:
        result = render(*task)
    except Exception as error:  # noqa: BLE001 -- reported by the parent, as the process ends here
        sender.send((False, f"{type(error).__name__}: {error}"))
    else:
        sender.send((True, result))


def beside(task) -> multiprocessing.process.BaseProcess:
    """Start *task* in a forked process of its own, for work the parent's next steps leave a
    core free for (``join()`` it before the cores are shared out). Whatever it does is only
    prepared ahead: when it fails or is stopped, the work is done where it is needed."""
    process = multiprocessing.get_context("fork").Process(target=_quietly, args=(task,), daemon=True)
    process.start()
    return process


def _quietly(task) -> None:
    with contextlib.suppress(Exception):
        task()


def in_a_process(task) -> multiprocessing.process.BaseProcess:
    """Start *task* in a forked process of its own, for work that needs a core while this
    process's threads hold the interpreter; its ``exitcode`` is 0 when it succeeded (a
    failure is not told there: do the work again where it is needed, to tell it)."""
    process = multiprocessing.get_context("fork").Process(target=_or_exit_status, args=(task,), daemon=True)
    process.start()
    return process


def _or_exit_status(task) -> None:
    try:
        task()
    except Exception:  # noqa: BLE001 -- the exit status tells it
        sys.exit(1)


def import_plugins(settings: dict) -> None:
    """Import the plugins once, before the language processes fork (each would import them)."""
    for name in settings.get("PLUGINS", []):
        with contextlib.suppress(ImportError):  # Pelican reports it, with its own message, in the language run
            importlib.import_module(str(name))
