"""Search bundles kept between whole builds (sitebuild.search_index.KeptBundles): a shard whose
mirrored pages did not change is not indexed by Pagefind again, and gets the same files."""

from __future__ import annotations

from pathlib import Path

from sitebuild import search_index
from sitebuild.search_index import KeptBundles
from sitetest import tree_differences

PAGE = (
    '<!DOCTYPE html><html lang="de"><body><main data-pagefind-body><h1>{title}</h1><p>{text}</p></main></body></html>'
)


def mirror(folder: Path, texts: dict[str, str]) -> str:
    """A mirrored shard: one page per title."""
    for title, text in texts.items():
        page = folder / title / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(PAGE.format(title=title, text=text), encoding="utf-8")
    return str(folder)


def test_an_unchanged_shard_is_not_indexed_again_and_a_changed_one_is(tmp_path, monkeypatch):
    runs = []
    real_run = search_index.PAGEFIND_RUNS.run

    def counted(command):
        runs.append(command)
        return real_run(command)

    monkeypatch.setattr(search_index.PAGEFIND_RUNS, "run", counted)
    texts = {"eins": "Kundeninteraktion im Vertrieb", "zwei": "Gespräche mit Vertrauen"}
    kept = KeptBundles(str(tmp_path / "cache"))
    kept.index_shard(mirror(tmp_path / "site-1", texts), str(tmp_path / "bundle-1"), str(tmp_path / "target-1"))
    assert len(runs) == 1 and (tmp_path / "target-1" / "pagefind.js").is_file()
    assert not (tmp_path / "site-1").exists()  # the mirror is freed

    again = KeptBundles(str(tmp_path / "cache"))  # the next build
    again.index_shard(mirror(tmp_path / "site-2", texts), str(tmp_path / "bundle-2"), str(tmp_path / "target-2"))
    assert len(runs) == 1  # the same pages: Pagefind did not run
    assert tree_differences(tmp_path / "target-1", tmp_path / "target-2") == []
    assert (tmp_path / "bundle-2" / "pagefind-entry.json").read_bytes() == (
        tmp_path / "bundle-1" / "pagefind-entry.json"
    ).read_bytes()  # for merge_shards

    changed = KeptBundles(str(tmp_path / "cache"))
    edited = {**texts, "zwei": "Gespräche mit neuem Vertrauen"}
    changed.index_shard(mirror(tmp_path / "site-3", edited), str(tmp_path / "bundle-3"), str(tmp_path / "target-3"))
    assert len(runs) == 2  # one page changed: indexed again
    assert tree_differences(tmp_path / "target-1", tmp_path / "target-3") != []
    changed.forget_unused()
    assert len(list((tmp_path / "cache").iterdir())) == 1  # the bundle of the old pages is gone
