"""Build notices mailed to the office: POST /admin/notices on the real intake (uvicorn, both
stores) with a real SMTP server, and the deploy's command `python -m office_client notices-mail`
reading the build-notices.md a build wrote."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
from conftest import ADMIN

from sitebuild.build import BuildReport, notices_markdown

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OFFICE = "office@example.org"
AUTH = {"Authorization": f"Bearer {ADMIN}"}
NOTICES = [
    "content/de/offers/workshop.md:25: the offer 'workshop' has no upcoming session: its page and callouts say the dates are on request (add a session)",
    "content/de/offers/vertrieb.md:31: the session of 'vertrieb' on 2026-12-01 starts in 5 days and is not full, 4 seats left",
]
RUN = "https://github.com/example/site/actions/runs/42"


def post(intake, body, headers=AUTH, **kwargs) -> httpx.Response:
    return httpx.post(intake.url + "/admin/notices", json=body, headers=headers, timeout=30, **kwargs)


def settled(mailbox, count: int) -> list:
    """The mails once *count* arrived and a moment passed in which no other came."""
    mails = mailbox.wait_for(count)
    time.sleep(1.5)
    assert len(mailbox.messages) == count, [m["Subject"] for m in mailbox.messages]
    return mails


def test_the_notices_go_to_the_office_in_one_mail_and_nothing_else_is_mailed(start_intake):
    intake = start_intake(office=(OFFICE,))
    assert post(intake, {"notices": NOTICES}, headers={}).status_code == 401
    assert post(intake, {"notices": NOTICES}, headers={"Authorization": "Bearer wrong"}).status_code == 401
    empty = post(intake, {"notices": []})
    assert empty.status_code == 200 and empty.json() == {"mailed": 0, "notices": 0}
    assert post(intake, {"notices": ["a\nSubject: injected"]}).status_code == 400
    assert post(intake, {"notices": NOTICES, "link": "javascript:alert(1)"}).status_code == 400
    assert post(intake, {"notices": "not a list"}).status_code == 400
    assert post(intake, {"notices": ["x" * 2000] * 40}).status_code == 413
    assert (
        httpx.post(
            intake.url + "/admin/notices", content=b"- a notice", headers={**AUTH, "Content-Type": "text/plain"}
        ).status_code
        == 415
    )
    answer = post(intake, {"notices": NOTICES, "link": RUN})
    assert answer.status_code == 200 and answer.json() == {"mailed": 1, "notices": 2}
    [mail] = settled(intake.mailbox, 1)
    assert mail["To"] == OFFICE and mail["Subject"].startswith("Hinweise aus dem Build vom ")
    lines = mail.get_content().splitlines()
    assert [line for line in lines if line.startswith("- ")] == [f"- {notice}" for notice in NOTICES]
    assert f"Der Build: {RUN}" in lines


def test_the_notices_mail_speaks_the_offices_language_not_the_moderators(start_intake):
    intake = start_intake(office=(OFFICE,), office_lang="en", moderator_lang="de")
    assert post(intake, {"notices": NOTICES, "link": RUN}).status_code == 200
    [mail] = settled(intake.mailbox, 1)
    assert mail["Subject"].startswith("Notices from the build of ")
    assert f"The build: {RUN}" in mail.get_content().splitlines()


def test_without_an_office_address_the_intake_says_so(start_intake):
    intake = start_intake(office=())
    answer = post(intake, {"notices": NOTICES})
    assert answer.status_code == 409 and "INTAKE_OFFICE" in answer.json()["error"]


def notices_mail(intake, *args: str, token: str = ADMIN, cwd: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "INTAKE_URL": intake.url,
        "INTAKE_ADMIN_TOKEN": token,
    }
    env.pop("BUILD_NOTICES_FILE", None)
    return subprocess.run(
        [sys.executable, "-m", "office_client", "notices-mail", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_deploy_command_mails_the_notices_a_build_wrote(start_intake, tmp_path):
    intake = start_intake(office=(OFFICE,))
    missing = notices_mail(intake, cwd=str(tmp_path))  # a build without notices writes no file
    assert missing.returncode == 0 and "nothing mailed" in missing.stdout
    refused = notices_mail(intake, token="wrong", cwd=str(tmp_path))
    assert refused.returncode == 0  # no notices: the intake is not even asked
    (tmp_path / "build-notices.md").write_text(notices_markdown(BuildReport(notices=NOTICES)), encoding="utf-8")
    refused = notices_mail(intake, token="wrong", cwd=str(tmp_path))
    assert refused.returncode == 1 and "refused INTAKE_ADMIN_TOKEN" in refused.stderr
    sent = notices_mail(intake, "--link", RUN, cwd=str(tmp_path))
    assert sent.returncode == 0, sent.stderr
    assert "mailed 2 build notice(s) to 1 office address(es)" in sent.stdout
    [mail] = settled(intake.mailbox, 1)
    body = mail.get_content()
    assert all(notice in body for notice in NOTICES) and RUN in body
