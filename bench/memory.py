"""Memory of a whole process tree while it runs: the sum of proportional set sizes (PSS).

``ru_maxrss`` knows only the largest single process. A build with two language processes
and a Pagefind run each needs the sum of what is alive at the same moment. PSS divides the
pages that forked processes still share among them, so the sum counts each page once.
Linux only (``/proc``); elsewhere the sampler reports 0.

A child that shares its parent's address space is counted once: ``subprocess`` starts
Pagefind with ``vfork``, and until the child has run ``exec`` it *is* the parent's memory
(its ``smaps_rollup`` reads the parent's pages, in full). On a loaded machine that moment
lasts long enough to be sampled, and the preview's tree looked twice its size.
"""

from __future__ import annotations

import ctypes
import os
import platform
import threading

KCMP_VM = 1  # kcmp(2): do two processes share one address space?
SYS_KCMP = {"x86_64": 312, "aarch64": 272}.get(platform.machine())
_LIBC = ctypes.CDLL(None, use_errno=True)


def parent_of(pid: str) -> int | None:
    """The parent process id of *pid* (None when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:
            return int(handle.read().rpartition(")")[2].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def pss_kib(pid: int) -> int:
    """The proportional set size of *pid* in KiB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def same_address_space(pid: int, other: int) -> bool:
    """True when processes *pid* and *other* share one address space (``kcmp``; False where it
    is not available or not allowed)."""
    if SYS_KCMP is None:
        return False
    return _LIBC.syscall(SYS_KCMP, pid, other, KCMP_VM, 0, 0) == 0


def tree_pss_kib(root: int) -> int:
    """PSS of *root* and all its descendants, in KiB; a child still in its parent's address
    space (``vfork`` before ``exec``) adds nothing."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            parent = parent_of(name)
            if parent is not None:
                children.setdefault(parent, []).append(int(name))
    total, todo = 0, [(root, None)]
    while todo:
        pid, parent = todo.pop()
        if parent is None or not same_address_space(pid, parent):
            total += pss_kib(pid)
        todo += [(child, pid) for child in children.get(pid, [])]
    return total


class TreeMemory(threading.Thread):
    """Samples the PSS of a process tree until stopped; ``peak_mib`` is the largest sum seen."""

    def __init__(self, root: int, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.root, self.interval, self.peak_kib = root, interval, 0
        self._stop_sampling = threading.Event()

    def run(self) -> None:
        if not os.path.isdir("/proc"):
            return
        while not self._stop_sampling.wait(self.interval):
            self.peak_kib = max(self.peak_kib, tree_pss_kib(self.root))

    def peak_mib(self) -> float:
        """The largest sum seen so far, in MiB."""
        return self.peak_kib / 1024

    def stop(self) -> float:
        """Stop sampling; the peak in MiB."""
        self._stop_sampling.set()
        self.join()
        return self.peak_kib / 1024
