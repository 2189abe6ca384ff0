"""The project is a package: every plugin folder is one of its packages, the locks pin what
pyproject.toml pins (and agree with each other), the intake imports nothing from plugins/, the
shared package `common` only the standard library, and the commands import by name from
anywhere, with no PYTHONPATH."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib

import pytest

from sitetest import REPO

PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
LOCKS = sorted((REPO / "locks").glob("*.txt"))
PIN = re.compile(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s;\\]+)", re.M)


def name(package: str) -> str:
    return re.sub(r"[-_.]+", "-", package).lower()


def locked(path) -> dict[str, str]:
    return {name(package): version for package, version in PIN.findall(path.read_text(encoding="utf-8"))}


def test_every_plugin_folder_and_top_level_package_is_a_package_of_the_project():
    folders = {path.parent.name for path in (REPO / "plugins").glob("*/__init__.py")}
    folders |= {path.parent.name for path in REPO.glob("*/__init__.py")}
    assert folders - set(PROJECT["tool"]["setuptools"]["packages"]) == set()


@pytest.mark.parametrize("group", sorted(PROJECT["dependency-groups"]))
def test_each_group_has_a_hashed_lock_with_its_pins(group):
    lock = REPO / "locks" / f"{group}.txt"
    if group == "package":  # the build backend only: locked inside every other group
        lock = REPO / "locks" / "intake.txt"
    pins = locked(lock)
    wanted = [item for item in PROJECT["dependency-groups"][group] if isinstance(item, str)]
    assert [item for item in wanted if pins.get(name(PIN.match(item)[1])) != PIN.match(item)[2]] == []
    entries = [block for block in re.split(r"\n(?=\S)", lock.read_text(encoding="utf-8")) if "==" in block]
    assert [block.split()[0] for block in entries if "--hash=sha256:" not in block] == []  # make: --require-hashes


def test_the_locks_agree_on_every_version():
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for lock in LOCKS:
        for package, version in locked(lock).items():
            first = seen.setdefault(package, (version, lock.name))
            if first[0] != version:
                clashes.append(f"{package}: {first[0]} in {first[1]}, {version} in {lock.name}")
    assert clashes == []


def absolute_imports(folder: str) -> list[tuple[str, str]]:
    """``(file, module)`` of every absolute import in the Python files below *folder*."""
    found = []
    for path in sorted((REPO / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            found += [(str(path.relative_to(REPO)), name) for name in names]
    return found


def test_the_intake_imports_nothing_from_the_plugins():
    plugins = {path.parent.name for path in (REPO / "plugins").glob("*/__init__.py")} | {"office_client"}
    reaching = [f"{path}: {module}" for path, module in absolute_imports("intake") if module.split(".")[0] in plugins]
    assert reaching == []


def test_the_shared_package_imports_only_the_standard_library():
    """`common` is what build and intake both mean: owned by neither, so it imports neither
    (nor Pelican, Starlette or SQLAlchemy), and the intake's own virtualenv can import it."""
    allowed = set(sys.stdlib_module_names) | {"common"}
    foreign = [
        f"{path}: {module}" for path, module in absolute_imports("common") if module.split(".")[0] not in allowed
    ]
    assert foreign == []


def test_no_file_of_the_project_sets_pythonpath_to_the_plugins():
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    found = [
        path
        for path in tracked
        if path.endswith((".py", ".md", ".yml", ".toml", ".service", "Makefile", "run", "intake-alone"))
        and "PYTHONPATH=plugins" in (REPO / path).read_text(encoding="utf-8", errors="replace")
        and path != "tests/test_packaging.py"
    ]
    assert found == []


def test_the_commands_and_the_plugins_import_by_name_from_anywhere(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    for module in ("comments", "authoring", "sitebuild", "intake", "office_client"):
        done = subprocess.run(
            [sys.executable, "-m", module, "--help"], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, f"python -m {module}: {done.stderr[-500:]}"
    loading = (
        "from pelican.plugins._utils import load_plugins\n"
        "names = ['content_reader', 'bilingual', 'taxonomy', 'comments', 'training_offers', 'people', 'images']\n"
        "print(len(load_plugins({'PLUGINS': names, 'PLUGIN_PATHS': []})))\n"
    )
    done = subprocess.run([sys.executable, "-c", loading], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.stdout.strip() == "7", done.stderr[-500:]
