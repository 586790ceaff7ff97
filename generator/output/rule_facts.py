"""A city's own rules (`rules:`) as facts of the open data, `yibao diff` and `yibao report`:
each is the city's answer to one of the public's questions, dated by its own sources."""
from __future__ import annotations

from generator.core.questions import BY_SLUG
from generator.model.city import Provenance, Rule
from generator.views.caveats import caveat

# the schema's titles of a rule's fields (city.schema.json#/definitions/rule)
FIELDS = (("text", "规定的内容"), ("from", "开始执行的日期"), ("applies_to", "适用于谁"))


def add_rules(collector, rules: tuple[Rule, ...]) -> None:
    """Adds each rule's text, start and whom it applies to, and its conflicts, keyed by its
    question and its place among the rules answering that question."""
    seen: dict[str, int] = {}
    for rule in rules:
        question = BY_SLUG[rule.question]
        seen[question.slug] = seen.get(question.slug, 0) + 1
        key = f"{question.slug}/{seen[question.slug]}"
        own = Provenance(rule.sources, rule.verified)
        values = {"text": rule.text, "from": rule.effective, "applies_to": rule.applies_to}
        for field, label in FIELDS:
            collector.add(("rules",), key, question.ask, field, values[field], own, topic=question.topic,
                          label=label, uncertain=caveat(rule.uncertain) if field == "text" else None)
        collector.conflicts(("rules",), key, question.ask, rule.conflicts, own, question.topic)
