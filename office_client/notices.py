"""The build's notices for the office: after a deploy, the items of ``build-notices.md`` go to the
intake (``POST /admin/notices``), which mails them to the office's addresses."""

from __future__ import annotations

from .admin_api import OfficeError, access_from, call_admin

NOTICES_PATH = "build-notices.md"  # what `make html` / `make publish` write (BUILD_NOTICES_FILE)


def read_notices(path: str) -> list[str]:
    """The notices of the build's Markdown file (its ``- …`` items); none when it does not exist."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as error:
        raise OfficeError(f"{path}: cannot be read ({error})") from None
    return [line[2:].strip() for line in text.splitlines() if line.startswith("- ") and line[2:].strip()]


def mail_notices(environ, path: str = NOTICES_PATH, link: str = "") -> dict:
    """Send the build's notices to the intake, which mails them to the office; nothing without notices."""
    notices = read_notices(path)
    if not notices:
        return {"mailed": 0, "notices": 0}
    body = {"notices": notices, **({"link": link} if link else {})}
    answer = call_admin(access_from(environ), "POST", "/admin/notices", body)
    if not isinstance(answer, dict) or not isinstance(answer.get("mailed"), int):
        raise OfficeError("the intake answered POST /admin/notices without a count of mails")
    return answer
