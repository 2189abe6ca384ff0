"""The registry of form kinds (intake/kinds.py) is complete: every table that holds a person's
address is one a kind names (so export and forget cover it), every kind has its texts in both
languages, its refusal and problem texts, its form's route and a purge."""

from __future__ import annotations

import pytest
from starlette.routing import Route

from intake import store
from intake.kinds import FormKind, merged_texts, registry
from intake.texts import SHARED

KINDS = registry()


def test_every_table_with_an_address_belongs_to_a_kind():
    with_address = {table.name for table in store.metadata.tables.values() if "email" in table.c}
    covered = [table.name for kind in KINDS for table in kind.tables]
    # participants are part of their booking: intake/privacy.py exports and forgets them beside the kinds
    assert sorted(covered + ["participants"]) == sorted(with_address)  # each once: export and forget reach every one
    assert {"recipient", "about"} <= set(store.outbox.c.keys())  # queued mails: by recipient and by what they tell of
    for kind in KINDS:
        for table in kind.tables:
            assert {"id", "email", "created_at"} <= set(table.c.keys()), table.name


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_a_kind_has_its_texts_in_both_languages(kind: FormKind):
    assert set(kind.texts) == set(SHARED) == {"de", "en"}
    assert set(kind.texts["de"]) == set(kind.texts["en"])
    texts = merged_texts((kind,))
    for lang in ("de", "en"):
        for key in (f"error_403_{kind.name}", f"error_429_{kind.name}", f"{kind.name}_problems_title", kind.label):
            assert texts[lang][key], (lang, key)


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_a_kind_takes_its_form_and_purges(kind: FormKind):
    posts = [r for r in kind.routes if isinstance(r, Route) and r.path == kind.path and "POST" in r.methods]
    assert len(posts) == 1
    assert callable(kind.purge)


def test_two_kinds_may_not_give_one_text_two_meanings():
    first, second = KINDS[0], KINDS[1]
    clash = FormKind(
        name="clash",
        label=second.label,
        routes=[],
        texts={lang: {**texts, "error_404": "anders"} for lang, texts in second.texts.items()},
        tables=(),
        purge=second.purge,
    )
    with pytest.raises(ValueError, match="error_404"):
        merged_texts((first, clash))
