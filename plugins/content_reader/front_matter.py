"""Split a Markdown file into front matter and body, in either metadata style.

Two styles build unchanged:

* Pelican's native ``Key: value`` lines at the top, ended by a blank line;
* Jekyll-style YAML between two ``---`` lines.

Nothing here knows Pelican: text in, :class:`FrontMatter` or :class:`ContentError` out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from sitecore.problems import ContentError, Problem

_NATIVE_KEY = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9_-]*)[ \t]*:[ \t]?(?P<value>.*)$")
_YAML_KEY = re.compile(r"^(?P<key>[A-Za-z_][A-Za-z0-9_-]*)[ \t]*:")
# `title: Vertrieb: Die Basics`: an unquoted value that holds ": " (YAML reads a second key)
_UNQUOTED_COLON = re.compile(r"^(?P<key>[A-Za-z_][A-Za-z0-9_-]*)[ \t]*:[ \t]+(?P<value>[^\s\"'\[{|>].*:(?:[ \t].*)?)$")
_VALUE_ITEM = re.compile(r"^(?:[A-Za-z_][A-Za-z0-9_-]*[ \t]*:[ \t]*|-[ \t]+)")  # `key: ` or `- ` before a value
_CURLY_QUOTES = "“”„‟‘’‚‛«»"
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it: much faster


@dataclass
class FrontMatter:
    """The metadata of one file, the line of each key, and the Markdown body."""

    style: str  # "yaml" or "native"
    fields: dict
    lines: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    text: str = ""  # the whole file, for lines inside a value (an offer's sessions)

    def line(self, key: str) -> int | None:
        """The 1-based line where *key* is set, if known."""
        return self.lines.get(key)

    def value_line(self, key: str, value: str) -> int | None:
        """The line of *value* inside the front matter from *key*'s line on (an item of a list
        written one per line), else *key*'s line."""
        start = self.line(key)
        if start is None:
            return None
        lines = self.text.split("\n")[start - 1 : self.body_line - 1]
        items = [_VALUE_ITEM.sub("", raw.strip()).strip().strip("\"'").rstrip(",") for raw in lines]
        exact = next((n for n, item in enumerate(items) if item == value), None)
        return start + (exact if exact is not None else next((n for n, raw in enumerate(lines) if value in raw), 0))


def split_front_matter(text: str, path: str) -> FrontMatter:
    """Return the front matter and body of *text* (the file at *path*)."""
    text = text.lstrip("\ufeff")
    if text.split("\n", 1)[0].strip() == "---":
        return _split_yaml(text, path)
    return _split_native(text, path)


def _split_native(text: str, path: str) -> FrontMatter:
    """``Key: value`` lines up to the first empty line; indented lines continue a value.

    A line that is neither, before any empty line, is text written directly below the
    metadata: Pelican would drop it, so it stops the build with its line number.
    """
    lines = text.split("\n")
    fields: dict[str, str] = {}
    key_lines: dict[str, int] = {}
    current = None
    number = 0
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            break
        match = _NATIVE_KEY.match(raw)
        if match:
            current = match["key"].lower()
            fields[current] = match["value"].strip()
            key_lines[current] = number
        elif current and raw[:1] in " \t":
            fields[current] = f"{fields[current]} {raw.strip()}".strip()
        elif number == 1:  # no metadata block at all
            return FrontMatter("native", {}, {}, text, 1, text)
        else:
            raise ContentError(
                Problem(
                    path,
                    number,
                    "the text starts directly below the metadata, without an empty line",
                    "insert an empty line above this line: the metadata ends at the first empty line",
                )
            )
    else:
        number += 1
    body = "\n".join(lines[number:])
    return FrontMatter("native", fields, key_lines, body, number + 1, text)


def _split_yaml(text: str, path: str) -> FrontMatter:
    lines = text.split("\n")
    try:
        closing = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        raise ContentError(
            Problem(path, 1, "the YAML front matter is never closed", "end it with a line of three dashes: ---")
        ) from None
    source = "\n".join(lines[1:closing])
    try:
        fields = yaml.load(source, Loader=SAFE_LOADER) if source.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        # a parser that ran to the end reports the line after the front matter: name its last line
        line = min(mark.line, closing - 2) + 2 if mark else 1
        raise ContentError(
            Problem(path, line, "the YAML front matter cannot be read", _yaml_hint(lines, line))
        ) from None
    except ValueError:  # YAML read a date that does not exist (`date: 2021-13-45`)
        line = next((n for n in range(2, closing + 1) if _impossible_date(lines[n - 1])), 2)
        raise ContentError(
            Problem(path, line, "this date does not exist", "write a real date: `date: 2021-01-05 20:37:13 +0600`")
        ) from None
    if not isinstance(fields, dict):
        raise ContentError(
            Problem(
                path, 2, "the YAML front matter is not a list of `key: value` lines", "write one `key: value` per line"
            )
        )
    key_lines = {}
    for number, raw in enumerate(lines[1:closing], start=2):
        match = _YAML_KEY.match(raw)
        if match:
            key_lines.setdefault(match["key"].lower(), number)
    fields = {str(key).lower(): value for key, value in fields.items()}
    body = "\n".join(lines[closing + 1 :])
    return FrontMatter("yaml", fields, key_lines, body, closing + 2, text)


def _impossible_date(raw: str) -> bool:
    """Whether this front-matter line alone holds a date YAML recognises but cannot construct."""
    try:
        yaml.load(raw.strip(), Loader=SAFE_LOADER)
    except ValueError:
        return True
    except yaml.YAMLError:
        return False
    return False


def _yaml_hint(lines: list[str], line: int) -> str:
    """Guess the usual cause of a YAML error from the offending line and the one before."""
    nearby = " ".join(lines[max(line - 2, 0) : line])
    if "\t" in nearby:
        return "YAML does not allow tab characters: indent with spaces"
    if any(quote in nearby for quote in _CURLY_QUOTES):
        return 'a curly quote (“ ” „) cannot open or close a YAML value: use straight quotes "…" around it'
    if nearby.count('"') % 2:
        return 'a quote is opened but not closed: put a straight " at both ends of the value'
    colon = _UNQUOTED_COLON.match(lines[line - 1]) if 0 < line <= len(lines) else None
    if colon:
        return f"a colon followed by a space ends a key in YAML: put the value in quotes, {colon['key']}: {_quoted(colon['value'])}"
    return "check the line for a missing space after a colon, an unclosed quote or bracket"


def _quoted(value: str) -> str:
    """*value* as a YAML string in double quotes."""
    escaped = value.strip().replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
