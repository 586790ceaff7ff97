"""One city file, checked: the schema, the checks a schema cannot make, and the worked
examples it quotes recomputed by the calculators."""
from __future__ import annotations

import datetime as dt

from generator import calculators
from generator.check.rules import semantic_problems
from generator.check.schema import schema_problems
from generator.core.errors import Problem
from generator.source.load import Document


def check_document(doc: Document, today: dt.date) -> list[Problem]:
    problems = schema_problems(doc, "city")
    problems += semantic_problems(doc, today)
    if not problems:
        problems += [doc.problem(path, message) for path, message in calculators.check_examples(doc.data)]
    return problems
