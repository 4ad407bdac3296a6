"""Measured inside one Django process (run by bench.questions with the database in the env).

`python -m bench.questions_worker N`: load the demo province (its ~150 answered questions),
measure recall@3 of the held query set (bench/data/questions_search_set.json) on them, add N
answered distractor questions (recombined sentences of the other demo questions and of the
procedure catalogue: the same vocabulary, competing for every query), measure recall@3
again and the search time. Prints one JSON line.
"""

from __future__ import annotations

import json
import os
import random
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.workers import percentiles  # noqa: E402
from openprovince.agencies.models import Agency  # noqa: E402
from openprovince.cases.definitions import workflow_definition_current  # noqa: E402
from openprovince.cases.models import Case  # noqa: E402
from openprovince.fulltext.models import SearchDocument  # noqa: E402
from openprovince.fulltext.services import (  # noqa: E402
    fulltext_vocabulary_rebuild,
    search_document_build,
)
from openprovince.questions.models import Question, QuestionTopic  # noqa: E402
from openprovince.questions.selectors import questions_similar  # noqa: E402

SET = Path(__file__).resolve().parent / "data" / "questions_search_set.json"
DATA = Path(__file__).resolve().parents[1] / "openprovince" / "demo" / "data"
DEMO, CATALOGUE = DATA / "questions.json", DATA / "procedures.json"
BATCH = 2000
KIND = "question"


def recall_at_3() -> dict[str, Any]:
    """Share of held queries whose expected question is among the first three results."""
    keys = {q["title"][:200]: q["key"] for q in json.loads(DEMO.read_text("utf-8"))["questions"]}
    queries = json.loads(SET.read_text("utf-8"))["queries"]
    hits: dict[str, list[int]] = {}
    misses = []
    for item in queries:
        found = [keys.get(q.title, "") for q in questions_similar(text=item["query"], limit=3)]
        hit = item["expected"] in found
        hits.setdefault(item["kind"], []).append(int(hit))
        if not hit:
            misses.append({"query": item["query"], "expected": item["expected"], "got": found})
    total = sum(sum(v) for v in hits.values())
    return {
        "queries": len(queries),
        "recall": total / len(queries),
        "by_kind": {k: [sum(v), len(v)] for k, v in sorted(hits.items())},
        "misses": misses[:12],
    }


def _sentences(text: str) -> list[str]:
    parts = [p.strip() for p in text.replace("?", ".").replace("!", ".").split(".")]
    return [p for p in parts if len(p) > 15]


def _pools() -> tuple[list[list[str]], list[str]]:
    """Title words and sentences the distractors are made of: the demo questions the held set
    does not expect (a distractor rebuilt from an expected question's own text would be that
    question again, and a right answer), and the procedure catalogue's names, steps,
    documents and descriptions — the same administrative vocabulary, other questions."""
    expected = {q["expected"] for q in json.loads(SET.read_text("utf-8"))["queries"]}
    rows = [r for r in json.loads(DEMO.read_text("utf-8"))["questions"] if r["key"] not in expected]
    procedures = json.loads(CATALOGUE.read_text("utf-8"))["procedures"]
    titles = [r["title"].split() for r in rows] + [p["name"].split() for p in procedures]
    sentences = [s for r in rows for s in _sentences(r["question"]) + _sentences(r["answer"])]
    for p in procedures:
        texts = [p.get("description", ""), p.get("result_type", "")]
        texts += [step.get("text", "") for step in p.get("steps", [])]
        texts += [doc.get("name", "") for doc in p.get("documents", [])]
        sentences += [s for t in texts for s in _sentences(t)]
    return titles, sentences


def seed(total: int) -> float:
    """`total` answered public questions made of recombined sentences (see _pools), indexed."""
    titles, pool = _pools()
    rng, now = random.Random(7), timezone.now()
    definition = workflow_definition_current(kind="question")
    topics = list(QuestionTopic.objects.all())
    agencies = list(Agency.objects.filter(type__code="department"))
    started = time.perf_counter()
    for start in range(0, total, BATCH):
        cases, questions = [], []
        for n in range(start, min(total, start + BATCH)):
            a, b = rng.sample(titles, 2)
            title = " ".join(a[: len(a) // 2] + b[len(b) // 2 :])[:200]
            body = ". ".join(rng.sample(pool, 2)) + "?"
            answer = ". ".join(rng.sample(pool, 3)) + "."
            when = now - timedelta(days=rng.randint(1, 1500))
            cases.append(
                Case(
                    code=f"BQ-{n:07d}",
                    kind=KIND,
                    definition=definition,
                    title=title,
                    state="answered",
                    agency=rng.choice(agencies),
                    state_entered_at=when,
                    closed_at=when,
                )
            )
            questions.append(
                Question(
                    topic=rng.choice(topics),
                    title=title,
                    body=body,
                    answer=answer,
                    status=Question.Status.ANSWERED,
                    published=True,
                    answered_at=when,
                )
            )
        Case.objects.bulk_create(cases)
        for case, question in zip(cases, questions, strict=True):
            question.case = case
        Question.objects.bulk_create(questions)
        SearchDocument.objects.bulk_create(  # what questions' hooks index, in bulk
            search_document_build(
                kind=KIND, key=str(q.pk), title=q.title, text=f"{q.body}\n{q.answer}",
                scope=q.topic.code,
            )
            for q in questions
        )  # fmt: skip
    fulltext_vocabulary_rebuild(kind=KIND)
    with connection.cursor() as cursor:  # fresh statistics, as autovacuum/ANALYZE would give
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def timings(runs: int) -> dict[str, Any]:
    """The held queries plus others typed from the demo titles (some folded), each timed
    through the selector (ranking + loading the questions) and through the ask page's
    'similar answers' partial (the whole request)."""
    held = [q["query"] for q in json.loads(SET.read_text("utf-8"))["queries"]]
    rows = json.loads(DEMO.read_text("utf-8"))["questions"]
    rng = random.Random(11)
    words = [r["title"].split() for r in rows]
    extra = [" ".join(rng.sample(w, min(4, len(w)))) for w in words]
    queries = (held + extra) * (1 + runs // max(1, len(held) + len(extra)))
    queries = queries[:runs]
    selector = []
    for q in queries[:5]:
        questions_similar(text=q, limit=5)  # warm-up: the vocabulary loads once per process
    for q in queries:
        started = time.perf_counter()
        questions_similar(text=q, limit=5)
        selector.append((time.perf_counter() - started) * 1000)
    client, page = Client(), []
    for q in queries:
        started = time.perf_counter()
        response = client.get("/questions/similar", {"title": q})
        page.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return {"selector": percentiles(selector), "page": percentiles(page), "runs": len(queries)}


def main() -> None:
    import sys

    total = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    call_command("migrate", verbosity=0)
    call_command("load_demo_province", verbosity=0)
    demo = recall_at_3()
    seed_s = seed(total)
    result = {
        "questions": Question.objects.filter(published=True).count(),
        "seed_s": round(seed_s, 1),
        "recall_demo": demo,
        "recall_full": recall_at_3(),
        "search": timings(400),
        "load": os.getloadavg()[0],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
