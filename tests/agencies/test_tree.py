import pytest

from openprovince.agencies.models import Agency
from openprovince.agencies.selectors import agency_ancestors, agency_subtree
from openprovince.core.errors import AppError
from tests.conftest import make_agency

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("depth", [1, 2, 3, 4, 5])
def test_given_a_chain_of_any_depth_when_queried_then_subtree_and_ancestors_are_right(depth):
    chain = [make_agency("L0", type_code="province")]
    for level in range(1, depth):
        chain.append(make_agency(f"L{level}", parent=chain[-1]))
    leaf = chain[-1]
    assert leaf.depth == depth - 1
    assert [a.code for a in agency_ancestors(agency=leaf)] == [a.code for a in chain[:-1]]
    root_subtree = {a.code for a in agency_subtree(agency=chain[0])}
    assert root_subtree == {a.code for a in chain}
    assert {a.code for a in agency_subtree(agency=leaf, include_self=False)} == set()


def test_given_siblings_when_subtree_of_one_then_the_other_is_not_included():
    root = make_agency("P", type_code="province")
    left = make_agency("P.A", parent=root)
    right = make_agency("P.B", parent=root)
    make_agency("P.A.1", parent=left, type_code="ward")
    make_agency("P.B.1", parent=right, type_code="ward")
    assert {a.code for a in agency_subtree(agency=left)} == {"P.A", "P.A.1"}


def test_given_a_branch_when_moved_then_all_descendants_follow():
    root = make_agency("R", type_code="province")
    old = make_agency("R.OLD", parent=root)
    new = make_agency("R.NEW", parent=root)
    branch = make_agency("B", parent=old)
    leaf = make_agency("B.1", parent=branch, type_code="ward")
    make_agency("B", parent=new)  # same code: an update that moves the branch
    leaf.refresh_from_db()
    assert leaf.depth == 3
    assert [a.code for a in agency_ancestors(agency=leaf)] == ["R", "R.NEW", "B"]
    assert not agency_subtree(agency=old, include_self=False).exists()


def test_given_a_branch_when_moved_under_its_own_child_then_refused():
    root = make_agency("R", type_code="province")
    child = make_agency("R.C", parent=root)
    with pytest.raises(AppError) as err:
        make_agency("R", parent=child, type_code="province")
    assert err.value.code == "agencies.cycle"
    assert Agency.objects.get(code="R").parent is None
