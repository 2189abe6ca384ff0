"""Make Pagefind's bundle byte-identical across builds.

Pagefind 1.5 writes the values of each filter (and the filters of each language) in the
order of a Rust hash map, which changes from run to run, and names the files after their
content. This module sorts them and renames the files by their new content, updating the
references (filter -> language meta file -> ``pagefind-entry.json``). Search results do not
change. The files are gzip-compressed CBOR after a ``pagefind_dcd`` header; the few CBOR
types Pagefind uses are decoded and encoded here.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os

HEADER = b"pagefind_dcd"


def cbor_decode(data: bytes, position: int = 0):
    """Decode one CBOR item at *position*; return ``(item, next position)``."""
    initial = data[position]
    major, info = initial >> 5, initial & 31
    position += 1
    if info < 24:
        value = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        value = int.from_bytes(data[position : position + size], "big")
        position += size
    else:
        raise ValueError(f"unsupported CBOR length {info}")
    if major == 0:
        return value, position
    if major == 1:
        return -1 - value, position
    if major == 2:
        return bytes(data[position : position + value]), position + value
    if major == 3:
        return data[position : position + value].decode("utf-8"), position + value
    if major == 4:
        items = []
        for _ in range(value):
            item, position = cbor_decode(data, position)
            items.append(item)
        return items, position
    if major == 5:
        mapping = {}
        for _ in range(value):
            key, position = cbor_decode(data, position)
            mapping[key], position = cbor_decode(data, position)
        return mapping, position
    if major == 7 and info in (20, 21, 22):
        return {20: False, 21: True, 22: None}[info], position
    raise ValueError(f"unsupported CBOR type {major}")


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise ValueError("integer too large")


def cbor_encode(item) -> bytes:
    """Encode *item* (int, str, bytes, list, dict, bool, None) as CBOR, shortest form."""
    if item is None or isinstance(item, bool):
        return bytes([0xF6 if item is None else (0xF5 if item else 0xF4)])
    if isinstance(item, int):
        return _head(0, item) if item >= 0 else _head(1, -1 - item)
    if isinstance(item, str):
        raw = item.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(item, bytes):
        return _head(2, len(item)) + item
    if isinstance(item, list):
        return _head(4, len(item)) + b"".join(cbor_encode(x) for x in item)
    if isinstance(item, dict):
        return _head(5, len(item)) + b"".join(cbor_encode(k) + cbor_encode(v) for k, v in item.items())
    raise TypeError(type(item))


def read_file(path: str):
    """The CBOR content of a Pagefind file."""
    with open(path, "rb") as handle:
        data = gzip.decompress(handle.read())
    if not data.startswith(HEADER):
        raise ValueError(f"{path} is not a Pagefind data file")
    return cbor_decode(data, len(HEADER))[0]


def encoded(item) -> bytes:
    """A Pagefind file's bytes for *item*: header, CBOR, gzip without timestamp."""
    return gzip.compress(HEADER + cbor_encode(item), compresslevel=9, mtime=0)


def _digest(data: bytes, length: int) -> str:
    return hashlib.sha256(data).hexdigest()[:length]


def _replace(folder: str, old_name: str, new_name: str, data: bytes) -> None:
    os.remove(os.path.join(folder, old_name))
    with open(os.path.join(folder, new_name), "wb") as handle:
        handle.write(data)


def canonicalise(bundle: str) -> None:
    """Sort filter values and filters in the bundle at *bundle*, renaming files to match."""
    entry_path = os.path.join(bundle, "pagefind-entry.json")
    with open(entry_path, encoding="utf-8") as handle:
        entry = json.load(handle)
    filters_folder = os.path.join(bundle, "filter")
    renamed = {}
    for name in sorted(os.listdir(filters_folder)) if os.path.isdir(filters_folder) else []:
        old_hash = name[: -len(".pf_filter")]
        filter_name, values = read_file(os.path.join(filters_folder, name))
        data = encoded([filter_name, sorted(values, key=lambda value: value[0])])
        new_hash = f"{old_hash.split('_')[0]}_{_digest(data, 7)}"
        renamed[old_hash] = new_hash
        _replace(filters_folder, name, f"{new_hash}.pf_filter", data)
    for language, facts in entry["languages"].items():
        old_name = f"pagefind.{facts['hash']}.pf_meta"
        meta = read_file(os.path.join(bundle, old_name))
        meta[3] = sorted([name, renamed.get(file_hash, file_hash)] for name, file_hash in meta[3])
        data = encoded(meta)
        facts["hash"] = f"{language}_{_digest(data, 10)}"
        _replace(bundle, old_name, f"pagefind.{facts['hash']}.pf_meta", data)
    entry["languages"] = dict(sorted(entry["languages"].items()))
    with open(entry_path, "w", encoding="utf-8") as handle:
        json.dump(entry, handle, ensure_ascii=False, separators=(",", ":"))
