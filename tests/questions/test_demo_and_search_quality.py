"""The demo questions of `make run`, and the search quality on them: the held query set
(bench/data/questions_search_set.json) must keep finding the right answer in the top three."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from openprovince.questions.models import Question
from openprovince.questions.selectors import questions_similar

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
DATA = json.loads((ROOT / "openprovince/demo/data/questions.json").read_text("utf-8"))
HELD = json.loads((ROOT / "bench/data/questions_search_set.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def demo_questions(django_db_setup: Any, django_db_blocker: Any) -> Iterator[int]:
    """The demo, loaded once for this module inside a transaction rolled back at its end."""
    from openprovince.agencies.importing import agencies_import
    from openprovince.demo.cases import demo_cases_load
    from openprovince.demo.officials import demo_officials_load
    from openprovince.demo.procedures import demo_procedures_load
    from openprovince.demo.province import AGENCY_TYPES, demo_agency_rows
    from openprovince.demo.questions import demo_questions_load

    with django_db_blocker.unblock(), transaction.atomic():
        assert agencies_import(rows=demo_agency_rows(), agency_types=AGENCY_TYPES).ok
        demo_procedures_load()
        demo_officials_load()
        demo_cases_load()
        yield demo_questions_load()
        transaction.set_rollback(True)


def test_given_the_demo_then_every_question_is_published_and_the_ward_has_open_work(
    demo_questions,
):
    published = Question.objects.filter(published=True)
    assert demo_questions == len(DATA["questions"]) + 3
    assert published.count() == len(DATA["questions"])
    assert not published.filter(answer="").exists()
    open_states = set(
        Question.objects.filter(published=False).values_list("case__state", flat=True)
    )
    assert open_states == {"received", "answering", "pending_approval"}
    assert {q.case.agency.code for q in Question.objects.filter(published=False)} == {
        "TN.P.TANNINH"
    }


def test_given_the_demo_loaded_twice_then_nothing_is_added(demo_questions):
    from openprovince.demo.questions import demo_questions_load

    assert demo_questions_load() == 0


def test_given_the_held_queries_then_recall_at_3_is_at_least_0_9(demo_questions):
    titles = {q["title"][:200]: q["key"] for q in DATA["questions"]}
    found = 0
    missed = []
    for item in HELD["queries"]:
        top = [titles.get(q.title) for q in questions_similar(text=item["query"], limit=3)]
        if item["expected"] in top:
            found += 1
        else:
            missed.append(item["query"])
    assert len(HELD["queries"]) >= 60
    assert found / len(HELD["queries"]) >= 0.9, missed


def test_given_the_held_set_then_half_the_queries_have_no_diacritics():
    plain = [q for q in HELD["queries"] if q["query"].isascii()]
    assert len(plain) * 2 >= len(HELD["queries"])
