"""Whole builds write into a staging folder that recycles the replaced site."""

from __future__ import annotations

import shutil
import time

from sitetest import build_into, tree_differences, write_content
from sitebuild.staging import discard, prune_stale, publish, staging_folder, write_if_changed

POST = "Title: {title}\nDate: 2024-05-17 09:30\nTags: Vertrieb\n\nText über {title}.\n"


def test_staging_recycles_the_replaced_site_and_prunes_what_was_not_written(tmp_path):
    output = tmp_path / "output"
    (output / "blog" / "old").mkdir(parents=True)
    (output / "blog" / "old" / "index.html").write_text("first site, old post")
    (output / "index.html").write_text("first site")
    publish(staging_folder(str(output)), str(output))  # an empty build: the first site is kept aside
    staging = staging_folder(str(output))
    assert (tmp_path / "output.partial" / "index.html").read_text() == "first site"  # recycled, not copied
    (tmp_path / "output.partial" / "index.html").write_text("second site")  # rewritten in place
    shutil.copyfile(tmp_path / "output.partial" / "index.html", tmp_path / "output.partial" / "copy.html")
    assert prune_stale(staging) == 1
    publish(staging, str(output))
    assert sorted(p.name for p in output.rglob("*")) == ["copy.html", "index.html"]


def test_the_search_bundle_can_be_pruned_after_the_pages(tmp_path):
    output = tmp_path / "output"
    for name in ("blog/old/index.html", "pagefind/fragment/old.pf_fragment", "pagefind/shard-2/old.pf_meta"):
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        (output / name).write_text("stale")
    publish(staging_folder(str(output)), str(output))
    staging = staging_folder(str(output))
    (tmp_path / "output.partial" / "pagefind" / "pagefind.js").write_text("written by this build")
    assert prune_stale(staging, skip="pagefind") == 1  # the pages: blog/old/ goes, the bundle stays
    assert not (tmp_path / "output.partial" / "blog").exists()
    assert (tmp_path / "output.partial" / "pagefind" / "shard-2" / "old.pf_meta").exists()
    assert prune_stale(staging, only="pagefind") == 2
    publish(staging, str(output))
    assert sorted(str(p.relative_to(output)) for p in output.rglob("*")) == ["pagefind", "pagefind/pagefind.js"]


def test_a_failed_build_discards_its_staging_and_the_next_starts_empty(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("live")
    staging = staging_folder(str(output))
    discard(staging)
    assert (output / "index.html").read_text() == "live"
    assert not (tmp_path / "output.partial").exists()


def test_what_an_interrupted_build_left_is_recycled_when_no_replaced_site_is_kept(tmp_path):
    output = tmp_path / "output"
    (tmp_path / "output.partial" / "blog").mkdir(parents=True)
    (tmp_path / "output.partial" / "blog" / "index.html").write_text("half a build")
    time.sleep(0.05)  # file times have a coarse clock
    staging = staging_folder(str(output))
    assert (tmp_path / "output.partial" / "blog" / "index.html").read_text() == "half a build"  # overwritten in place
    assert prune_stale(staging) == 1  # or pruned, when this build does not write it


def test_a_recycled_build_equals_a_build_on_an_empty_folder(build_site, tmp_path):
    first = {"de/posts/a.md": POST.format(title="Alpha"), "de/posts/b.md": POST.format(title="Beta")}
    build_site(first)
    build_site(first)  # the first output is now kept as output.previous
    assert (tmp_path / "output.previous" / "blog" / "beta" / "index.html").is_file()
    shutil.rmtree(tmp_path / "content")
    final = {"de/posts/a.md": POST.format(title="Alpha"), "de/posts/c.md": POST.format(title="Gamma")}
    recycled = build_site(final)  # written over the first output: Beta must disappear everywhere
    assert recycled.report.ok, recycled.report.errors
    assert not recycled.exists("/blog/beta/")
    fresh = tmp_path / "fresh"
    shutil.copytree(tmp_path / "content", fresh / "content")
    clean = build_into(fresh / "output", PATH=str(fresh / "content"), CACHE_PATH=str(fresh / "cache"))
    assert clean.report.ok
    assert tree_differences(recycled.root, clean.root) == []


def test_static_files_survive_a_recycled_build_even_when_settings_skip_unchanged_copies(tmp_path):
    content = write_content(
        tmp_path,
        {
            "de/posts/a.md": POST.format(title="Alpha"),
            "assets/images/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        },
    )
    for _ in range(3):  # the third build recycles the first one's files; the sources stay as they are
        site = build_into(tmp_path / "output", PATH=str(content), STATIC_CHECK_IF_MODIFIED=True)
        assert site.report.ok, site.report.errors
    assert (site.root / "assets" / "images" / "logo.svg").is_file()


def test_write_if_changed_touches_an_unchanged_file_and_rewrites_a_changed_one_in_place(tmp_path):
    page = tmp_path / "page.html"
    assert write_if_changed(str(page), "Fassung eins".encode()) is True  # created
    inode, changed = page.stat().st_ino, page.stat().st_ctime_ns
    time.sleep(0.05)  # more than the file system's clock tick
    assert write_if_changed(str(page), "Fassung eins".encode()) is False
    assert page.stat().st_ctime_ns > changed  # the prune sees that this build wrote it
    assert write_if_changed(str(page), b"kurz") is True
    assert page.read_bytes() == b"kurz"
    assert write_if_changed(str(page), b"eine viel l\xc3\xa4ngere Fassung") is True
    assert page.read_text(encoding="utf-8") == "eine viel längere Fassung"
    assert page.stat().st_ino == inode  # the same file throughout
