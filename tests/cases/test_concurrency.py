"""Two officials act on one case at the same moment: one wins, the other is told to reload."""

import threading

import pytest
from django.db import connection, connections

from openprovince.cases.models import Case, CaseEvent
from openprovince.cases.services.transitions import case_transition
from openprovince.core.errors import AppError


@pytest.mark.django_db(transaction=True)
def test_concurrent_transitions_one_wins(open_case, people):
    if connection.vendor != "postgresql":
        pytest.skip("row locks across threads need a server database; SQLite serialises writers")
    first, second = people("a", "TN.P.TANNINH", "handler"), people("b", "TN.P.TANNINH", "approver")
    case = open_case()
    barrier, outcomes = threading.Barrier(2), []

    def act(user, action):
        try:
            barrier.wait()
            case_transition(
                case_id=case.pk, action=action, actor=user, note="n", expected_version=case.version
            )
            outcomes.append("ok")
        except AppError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=(first, "accept")),
        threading.Thread(target=act, args=(second, "reject")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["cases.changed", "ok"]
    assert CaseEvent.objects.filter(case=case).count() == 2  # open + the winner's step
    assert Case.objects.get(pk=case.pk).version == 2
