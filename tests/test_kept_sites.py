"""What the preview's ``KeptSites`` frees when it drops its site model."""

from __future__ import annotations

import gc
import weakref

from sitebuild.build import rare_cycle_collection
from sitebuild.kept_site import KeptSites
from taxonomy.related import PostTopics, ranking_by_position


class Model:
    """Stands for a kept site model: its posts, generators and context reference each other."""

    code = "de"

    def __init__(self) -> None:
        self.posts = [{"site": self} for _ in range(100)]


def test_a_model_dropped_during_a_build_is_freed_although_the_build_froze_it():
    kept = KeptSites(site=Model())
    model = weakref.ref(kept.site)
    survivor = [Model()]  # made before the build, still in use: stays frozen
    with rare_cycle_collection():  # what a build does first: freeze what exists
        kept.drop()
        assert model() is None  # before the language processes fork
        assert all(tracked is not survivor for tracked in gc.get_objects())  # frozen again
    assert gc.get_freeze_count() == 0
    assert kept.get("de") is None


def test_dropping_outside_a_build_frees_the_model_and_freezes_nothing():
    kept = KeptSites(site=Model())
    model = weakref.ref(kept.site)
    kept.drop()
    assert model() is None
    assert gc.get_freeze_count() == 0


def test_dropping_the_model_forgets_the_ranking_of_its_related_posts():
    posts = [PostTopics(number, "de", float(number), frozenset({"vertrieb"})) for number in range(3)]
    ranking = ranking_by_position(posts, {"vertrieb": 1.0})
    assert ranking_by_position(posts, {"vertrieb": 1.0}) is ranking  # kept while the model lives
    kept = KeptSites(site=Model())
    kept.drop()
    assert ranking_by_position(posts, {"vertrieb": 1.0}) is not ranking
