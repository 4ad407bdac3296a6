import pytest

from openprovince.fulltext.spelling import corrections, edits1, split_in_two, untelex
from openprovince.fulltext.terms import fulltext_terms, query_terms, term_pairs
from openprovince.fulltext.vocabulary import Vocabulary

VOCABULARY = Vocabulary(
    docs={"dang": 900, "ky": 800, "khai": 500, "sinh": 450, "ket": 300, "hon": 300, "kis": 2},
    documents=1000,
)


def test_given_text_when_split_into_terms_then_folded_words_without_punctuation():
    assert fulltext_terms("Hồ sơ (đất_đai), SỔ ĐỎ!") == ["ho", "so", "dat", "dai", "so", "do"]


def test_given_a_question_when_split_into_query_terms_then_particles_are_dropped():
    assert query_terms("Em ơi, cho tôi hỏi thủ tục cấp căn cước ạ?") == [
        "thu",
        "tuc",
        "cap",
        "can",
        "cuoc",
    ]
    assert query_terms("Cho hỏi bảo hiểm xã hội, em muốn biết") == ["bao", "hiem", "xa", "hoi"]


@pytest.mark.parametrize(
    ("typed", "plain"),
    [("kys", "ky"), ("ddaangs", "dang"), ("keets", "ket"), ("nguowif", "nguoi"), ("nhw", "nhu")],
)
def test_given_telex_typed_without_an_input_method_when_untelexed_then_plain_letters(typed, plain):
    assert untelex(typed) == plain


def test_given_a_word_when_editing_once_then_deletions_swaps_changes_and_insertions():
    edits = edits1("ky")
    assert {"k", "y", "yk", "ka", "kay", "kyz"} <= edits
    assert len(edits1("sinh")) == len(set(edits1("sinh")))


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("sihn", ["sinh"]),
        ("kys", ["ky"]),
        ("dangg", ["dang"]),
        ("dnag", ["dang"]),
        ("dang8", ["dang"]),
        ("xyzw", []),
        ("ab", []),
        ("x" * 40, []),
    ],
)
def test_given_an_unknown_word_when_corrected_then_the_likely_known_terms(word, expected):
    assert corrections(word, VOCABULARY) == expected


def test_given_two_syllables_typed_together_when_split_then_both_are_known():
    assert split_in_two("khaisinh", VOCABULARY) == ("khai", "sinh")
    assert split_in_two("khaixyz", VOCABULARY) is None


def test_given_a_prefix_when_completing_then_the_most_frequent_longer_terms():
    assert VOCABULARY.completions("k", 3) == ["ky", "khai", "ket"]
    assert VOCABULARY.completions("sinh", 3) == []


def test_given_title_terms_when_paired_then_neighbours_without_stop_words_once_each():
    terms = fulltext_terms("Xây nhà ở nông thôn, xây nhà có phải xin phép?")
    assert term_pairs(terms) == [
        "xay_nha", "nha_nong", "nong_thon", "thon_xay", "nha_co", "co_phai", "phai_phep",
    ]  # fmt: skip
    assert term_pairs(["khai"]) == [] and term_pairs([]) == []


def test_given_abbreviations_when_split_then_they_are_written_in_full():
    assert fulltext_terms("Thẻ BHYT, nộp online") == [
        "the", "bao", "hiem", "y", "te", "nop", "truc", "tuyen",
    ]  # fmt: skip
