"""Workflow definitions are data, validated on save, versioned."""

import copy

import pytest

from openprovince.cases.definitions import workflow_definition_save
from openprovince.cases.workflow import workflow_parse
from openprovince.core.errors import AppError
from tests.cases.conftest import general_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The messages are checked in their English source form."""
    from django.utils import translation

    with translation.override("en"):
        yield


def _problems(data):
    with pytest.raises(AppError) as err:
        workflow_parse(data)
    assert err.value.code == "cases.bad_workflow"
    return " | ".join(err.value.fields["definition"])


def test_the_sample_workflow_is_valid():
    workflow = workflow_parse(general_request())
    assert workflow.start.code == "received"
    assert {a.code for a in workflow.actions_from("in_progress")} == {
        "ask_info",
        "resolve",
        "reject",
        "withdraw",
    }


def test_an_unreachable_state_is_refused():
    data = general_request()
    data["states"].append({"code": "orphan", "name": "Mồ côi", "terminal": True})
    assert "“orphan” cannot be reached" in _problems(data)


def test_a_dead_end_is_refused():
    data = general_request()
    data["states"].append({"code": "limbo", "name": "Lửng lơ"})
    data["actions"].append(
        {"code": "park", "name": "Để đó", "from": ["received"], "to": "limbo", "roles": ["handler"]}
    )
    assert "From state “limbo” no terminal state can be reached" in _problems(data)


def test_an_action_from_a_terminal_state_is_refused():
    data = general_request()
    data["actions"].append(
        {
            "code": "reopen",
            "name": "Mở lại",
            "from": ["resolved"],
            "to": "in_progress",
            "roles": ["handler"],
        }
    )
    assert "leaves the terminal state “resolved”" in _problems(data)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["states"][1].update(start=True), "Exactly one state must be the start state"),
        (
            lambda d: [s.update(terminal=False) for s in d["states"]],
            "At least one state must be terminal",
        ),
        (lambda d: d["actions"][0].update(roles=["boss"]), "roles must be among"),
        (lambda d: d["actions"][0].update(to="nowhere"), "unknown state “nowhere”"),
        (lambda d: d.update(code_format="{agency}-{yyMMdd}"), "the code format needs {seq}"),
        (lambda d: d["states"][0].update(sla={"working_days": -1}), "the SLA needs"),
        (lambda d: d.update(escalations=[{"overdue_days": 1, "do": "panic"}]), "Each escalation"),
    ],
)
def test_other_mistakes_are_named(change, expected):
    data = copy.deepcopy(general_request())
    change(data)
    assert expected in _problems(data)


def test_saving_makes_versions_and_cases_keep_theirs(open_case, people, workflow):
    first = open_case()
    changed = general_request()
    changed["sla"] = {"working_days": 15}
    second_version = workflow_definition_save(data=changed)
    assert (workflow.version, second_version.version) == (1, 2)
    assert workflow_definition_save(data=changed).pk == second_version.pk  # unchanged: no-op
    later = open_case()
    assert first.definition_id == workflow.pk and later.definition_id == second_version.pk
