"""Readings kept between builds: a file whose bytes, the reading's settings and code, and what
the reading looked up outside the file (whether an image exists) are as they were is not
parsed again, and what its reading logged (warnings such as "the image … does not exist") is
logged again, as a new reading would. Pure: no Pelican import.

One pickle per language run (``<folder>/<lang>.pickle``): a version (the settings and the code
that read), and per source path the file's digest, the lookups with their answers, the log
records and the reading itself (pickled apart, so that whatever changes the objects later in
the run cannot change what is kept). A file that failed to read is never kept: its error
comes again from a new reading.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version

FORMAT = 1  # of the pickle; a new one starts empty
LIBRARIES = ("pelican", "markdown", "pyyaml", "pygments")  # what turns a file into HTML beside our code
# settings that differ between builds of the same content without changing how a file reads
UNREAD_SETTINGS = frozenset(
    {
        "ARTICLE_PATHS",
        "PAGE_PATHS",
        "CONTENT_INDEX",
        "SEARCH_SHARDS",
        "SITEBUILD_WRITE_ONLY",
        "SITEBUILD_CACHE",
        "PREPARED_KEEP",
    }
)
_STANDARD_RECORD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def digest(data: bytes) -> str:
    """The fingerprint of a file's bytes."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def _plain(value):
    """*value* as text that is the same in every process: functions by name, containers item by item."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_plain(k)}: {_plain(v)}" for k, v in sorted(value.items(), key=repr)) + "}"
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return type(value).__name__ + "[" + ", ".join(_plain(item) for item in items) + "]"
    if isinstance(value, (str, int, float, bool, type(None))):
        return repr(value)
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"
    return f"<{type(value).__module__}.{type(value).__qualname__}>"  # no address: it differs per process


def settings_version(settings: dict) -> str:
    """A fingerprint of the settings a reading may depend on (all but ``UNREAD_SETTINGS``)."""
    text = _plain({key: value for key, value in settings.items() if key not in UNREAD_SETTINGS})
    return digest(text.encode("utf-8"))


def code_version(folders: list[str]) -> str:
    """A fingerprint of the Python code below *folders* (the plugins), the libraries that read
    and the Python version: a reading kept by other code is not used."""
    hasher = hashlib.blake2b(digest_size=20)
    hasher.update(f"{FORMAT} {sys.version} {[version(name) for name in LIBRARIES]}".encode())
    for folder in folders:
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(n for n in names if n.endswith(".py")):
                path = os.path.join(root, name)
                with open(path, "rb") as handle:
                    hasher.update(path.encode() + b"\0" + handle.read() + b"\0")
    return hasher.hexdigest()


@dataclass(frozen=True)
class Record:
    """One log record of a reading, to be logged again."""

    logger: str
    level: int
    msg: str
    args: tuple
    extra: dict

    def replay(self) -> None:
        """Log it again, through the logger that logged it."""
        logging.getLogger(self.logger).log(self.level, self.msg, *self.args, extra=self.extra or None)


class RecordsOfReading(logging.Handler):
    """Collects the records logged while one file is read (on the root logger)."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[Record] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep what is needed to log *record* again."""
        extra = {key: value for key, value in vars(record).items() if key not in _STANDARD_RECORD}
        args = record.args if isinstance(record.args, tuple) else (record.args,)
        self.records.append(Record(record.name, record.levelno, record.msg, args, extra))


@dataclass
class KeptReadings:
    """The readings kept in *file* for one language's run, made with *version*."""

    file: str
    version: str
    entries: dict = field(default_factory=dict)  # path -> (digest, lookups, records, pickled reading)
    used: set = field(default_factory=set)
    changed: bool = False

    @classmethod
    def open(cls, file: str, version: str) -> KeptReadings:
        """The readings in *file*, none when it is missing, unreadable or of another version."""
        try:
            with open(file, "rb") as handle:
                stored_format, stored_version, entries = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
            return cls(file, version)
        if (stored_format, stored_version) != (FORMAT, version):
            return cls(file, version)
        return cls(file, version, entries)

    def reading(self, path: str, file_digest: str, look_up: Callable[[list], list]):
        """The kept reading of *path* when its digest is *file_digest* and *look_up* (given the
        kept lookups) answers as it did; its records are logged again. ``None`` otherwise."""
        kept = self.entries.get(path)
        if kept is None or kept[0] != file_digest or look_up(kept[1]) != kept[1]:
            return None
        self.used.add(path)
        for record in kept[2]:
            record.replay()
        return pickle.loads(kept[3])

    def keep(self, path: str, file_digest: str, lookups: list, records: list[Record], reading) -> None:
        """Keep a new reading of *path* (skipped when some part of it cannot be pickled)."""
        try:
            entry = (file_digest, lookups, records, pickle.dumps(reading, pickle.HIGHEST_PROTOCOL))
            pickle.dumps(entry[:3])
        except (pickle.PicklingError, TypeError, AttributeError):
            return
        self.entries[path] = entry
        self.used.add(path)
        self.changed = True

    def save(self) -> None:
        """Write the readings used in this run (those of files no longer read are dropped)."""
        kept = {path: entry for path, entry in self.entries.items() if path in self.used}
        if not self.changed and kept.keys() == self.entries.keys() and os.path.exists(self.file):
            return
        os.makedirs(os.path.dirname(self.file), exist_ok=True)
        partial = f"{self.file}.{os.getpid()}"
        with open(partial, "wb") as handle:
            pickle.dump((FORMAT, self.version, kept), handle, pickle.HIGHEST_PROTOCOL)
        os.replace(partial, self.file)
