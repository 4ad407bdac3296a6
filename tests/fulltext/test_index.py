import pytest
from django.core.management import call_command
from django.db import connection, transaction

from openprovince.fulltext import ddl
from openprovince.fulltext.models import SearchDocument, SearchTerm
from openprovince.fulltext.selectors import fulltext_search
from openprovince.fulltext.services import (
    fulltext_index,
    fulltext_refold,
    fulltext_remove,
    fulltext_vocabulary_rebuild,
)
from openprovince.fulltext.vocabulary import vocabulary_forget, vocabulary_get

from .conftest import keys

pytestmark = pytest.mark.django_db


def docs(term, kind="question"):
    row = SearchTerm.objects.filter(kind=kind, term=term).first()
    return row.docs if row else 0


def test_given_a_document_when_indexed_again_then_it_is_replaced_not_added():
    fulltext_index(kind="question", key="q1", title="Đăng ký kết hôn", text="hồ sơ")
    fulltext_index(kind="question", key="q1", title="Cấp sổ đỏ", text="đất ở", scope="dat-dai")
    document = SearchDocument.objects.get()
    assert (document.title, document.folded_title, document.scope) == (
        "Cấp sổ đỏ",
        "cap so do",
        "dat-dai",
    )
    assert document.folded == "cap so do dat o"
    assert fulltext_search(kind="question", query="kết hôn") == []
    assert keys(fulltext_search(kind="question", query="sổ đỏ")) == ["q1"]


def test_given_an_unchanged_document_when_indexed_again_then_nothing_is_written():
    fulltext_index(kind="question", key="q1", title="Đăng ký kết hôn", text="hồ sơ")
    before = SearchDocument.objects.get().updated_at
    fulltext_index(kind="question", key="q1", title="Đăng ký kết hôn", text="hồ sơ")
    assert SearchDocument.objects.get().updated_at == before
    assert docs("ket") == 1


def test_given_a_document_when_removed_then_search_no_longer_finds_it():
    fulltext_index(kind="question", key="q1", title="Đăng ký kết hôn", text="")
    fulltext_index(kind="question", key="q2", title="Đăng ký khai sinh", text="")
    fulltext_remove(kind="question", key="q1")
    fulltext_remove(kind="question", key="missing")  # a no-op
    assert keys(fulltext_search(kind="question", query="đăng ký")) == ["q2"]
    assert fulltext_search(kind="question", query="kết hôn") == []


def test_given_writes_when_counting_terms_then_each_document_counts_once_per_term():
    fulltext_index(kind="question", key="q1", title="Kết hôn", text="kết hôn, kết hôn")
    fulltext_index(kind="question", key="q2", title="Kết hôn lần hai", text="")
    fulltext_index(kind="shop", key="s1", title="Nhẫn kết hôn", text="")
    assert (docs("ket"), docs("hai"), docs("ket", kind="shop")) == (2, 1, 1)
    fulltext_index(kind="question", key="q2", title="Khai sinh", text="")
    fulltext_remove(kind="question", key="q1")
    assert (docs("ket"), docs("hai"), docs("khai")) == (0, 0, 1)


def test_given_counts_out_of_step_when_rebuilt_then_they_match_the_documents():
    fulltext_index(kind="question", key="q1", title="Kết hôn", text="")
    SearchDocument.objects.create(
        kind="question", key="q2", title="x", folded_title="x", folded="ket hon moi"
    )
    SearchTerm.objects.filter(term="hon").update(docs=42)
    assert fulltext_vocabulary_rebuild(kind="question") == 3
    assert (docs("ket"), docs("hon"), docs("moi"), docs("x")) == (2, 2, 1, 0)


def test_given_a_document_written_without_the_services_when_searching_then_it_is_found():
    """The database's index follows every write (triggers on SQLite, a generated column on
    PostgreSQL), and a word missing from the vocabulary is still looked up as typed."""
    fulltext_index(kind="question", key="q1", title="Đăng ký kết hôn", text="")
    fulltext_search(kind="question", query="kết hôn")  # the vocabulary is loaded now
    SearchDocument.objects.bulk_create(
        [SearchDocument(kind="question", key="q2", title="", folded_title="", folded="zalo")]
    )
    assert keys(fulltext_search(kind="question", query="Zalo")) == ["q2"]
    SearchDocument.objects.filter(key="q2").update(folded="viettel")
    assert fulltext_search(kind="question", query="zalo") == []
    assert keys(fulltext_search(kind="question", query="viettel")) == ["q2"]
    SearchDocument.objects.filter(key="q2").delete()
    assert fulltext_search(kind="question", query="viettel") == []


def test_given_a_very_long_text_when_indexed_then_it_is_cut_between_words_and_searchable():
    fulltext_index(kind="question", key="q1", title="Đất đai", text="quy hoạch " * 20_000)
    folded = SearchDocument.objects.get().folded
    assert len(folded) <= 60_000 and folded.endswith(("quy", "hoach"))
    assert keys(fulltext_search(kind="question", query="quy hoạch")) == ["q1"]


@pytest.mark.parametrize(
    ("kind", "key", "scope"),
    [("", "k", ""), ("k" * 41, "k", ""), ("k", "", ""), ("k", "k", "s" * 65)],
)
def test_given_an_empty_or_too_long_name_when_indexing_then_it_is_refused(kind, key, scope):
    with pytest.raises(ValueError, match="full-text"):
        fulltext_index(kind=kind, key=key, title="t", text="t", scope=scope)


def test_given_the_migrations_when_applied_then_the_database_index_is_in_place():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'table')")
            names = {row[0] for row in cursor.fetchall()}
            assert {"fulltext_fts", *ddl.SQLITE_TRIGGERS} <= names
            assert {"fulltext_title_fts", *ddl.SQLITE_TITLE_TRIGGERS} <= names
        else:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'fulltext_searchdocument'"
            )
            assert {"fulltext_doc_vector_gin", "fulltext_doc_title_gin"} <= {
                row[0] for row in cursor.fetchall()
            }


@pytest.mark.django_db(transaction=True)
def test_given_the_fulltext_migrations_when_reversed_and_applied_again_then_search_works():
    call_command("migrate", "fulltext", "zero", verbosity=0)
    call_command("migrate", "fulltext", verbosity=0)
    vocabulary_forget()
    fulltext_index(kind="question", key="q1", title="Đăng ký kết hôn", text="")
    assert keys(fulltext_search(kind="question", query="ket hon")) == ["q1"]


def _search_in_a_transaction_then_roll_back():
    with transaction.atomic():
        fulltext_index(kind="question", key="q2", title="Zalo", text="")
        assert keys(fulltext_search(kind="question", query="zalo")) == ["q2"]
        raise RuntimeError


@pytest.mark.django_db(transaction=True)
def test_given_a_rolled_back_transaction_when_searching_later_then_its_words_are_gone():
    fulltext_index(kind="question", key="q1", title="Đăng ký kết hôn", text="")
    with pytest.raises(RuntimeError):
        _search_in_a_transaction_then_roll_back()
    fulltext_index(kind="question", key="q3", title="Viettel", text="")
    vocabulary = vocabulary_get(kind="question")
    assert (vocabulary.df("zalo"), vocabulary.df("viettel"), vocabulary.documents) == (0, 1, 2)


@pytest.mark.django_db(transaction=True)
def test_given_a_cached_vocabulary_when_recounted_then_known_terms_get_their_new_counts():
    """A bulk load plus a recount changes the counts of terms the process already knows; a
    refresh reads only new terms, so the recount must make the process reload them all (a
    stale count makes a frequent word look rare, and the search plans on it)."""
    fulltext_index(kind="question", key="q1", title="Kết hôn", text="")
    assert vocabulary_get(kind="question").df("ket") == 1  # cached outside a transaction
    SearchDocument.objects.bulk_create(
        SearchDocument(kind="question", key=f"b{n}", title="", folded_title="", folded="ket")
        for n in range(5)
    )

    fulltext_vocabulary_rebuild(kind="question")

    vocabulary = vocabulary_get(kind="question")
    assert (vocabulary.df("ket"), vocabulary.documents) == (6, 6)


def test_given_documents_spelled_by_older_rules_when_refolded_then_they_match_the_new_ones():
    SearchDocument.objects.create(
        kind="question", key="old", title="Thẻ BHYT", folded_title="the bhyt",
        folded="the bhyt nop online", title_pairs="the_bhyt",
    )  # fmt: skip

    assert fulltext_refold() == 1

    document = SearchDocument.objects.get(key="old")
    assert document.folded == "the bao hiem y te nop truc tuyen"
    assert document.title_pairs == "the_bao bao_hiem hiem_y y_te"
    assert (docs("bhyt"), docs("hiem")) == (0, 1)
    assert keys(fulltext_search(kind="question", query="bảo hiểm y tế")) == ["old"]
