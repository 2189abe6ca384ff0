"""The import's furniture rules (authoring.import_rules): every rule's example lines match it,
and its counter-examples do not (they are text, or another rule's)."""

from __future__ import annotations

import pytest

from authoring.import_rules import RULES, classify

EXAMPLES = [(rule.name, line) for rule in RULES for line in rule.examples]
NOT_EXAMPLES = [(rule.name, line) for rule in RULES for line in rule.not_examples]


@pytest.mark.parametrize(("name", "line"), EXAMPLES)
def test_each_example_is_recognised_by_its_rule(name, line):
    found = classify(line)
    assert found is not None and found[0].name == name


@pytest.mark.parametrize(("name", "line"), NOT_EXAMPLES)
def test_each_counter_example_is_not_that_rule(name, line):
    found = classify(line)
    assert found is None or found[0].name != name


def test_every_rule_has_examples_and_a_unique_pattern():
    assert all(rule.examples for rule in RULES)
    assert len({rule.pattern for rule in RULES}) == len(RULES)
