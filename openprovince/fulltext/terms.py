"""Splitting text into folded terms, the same way for documents and queries."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

from openprovince.core.text import fold

# `\w` keeps "_", which FTS5's unicode61 tokenizer splits on; split on it too.
_SEPARATORS = re.compile(r"[\W_]+")

# Terms this long are codes or noise, never corrected; the vocabulary skips them.
MAX_VOCABULARY_TERM = 32

# Folded syllables dropped from queries: particles, pronouns and question words with no subject
# of their own. Folding merges tones, so many short function words share their folded form
# with a domain word; those stay on purpose ("can": căn cước, "the": thẻ, "cho": chợ, "hoi":
# xã hội, "minh": chứng minh, "thi": thi công, "co": cơ quan, "ma": mã số, "ve": vé, "nha":
# nhà, "ban": bản sao, "sao": bản sao, "chi": địa chỉ, "anh": ảnh, "cua": cửa hàng, "day":
# đầy đủ, "muon": nộp muộn, "vay": vay vốn, "da": đã/đá, "dang": đăng ký); ranking already
# gives the frequent ones little weight.
QUERY_STOPWORDS = frozenset(
    {
        "a",  # à, ạ, á
        "ah",
        "ak",
        "ai",  # ai
        "ay",  # ấy
        "cac",  # các
        "duoc",  # được
        "em",
        "gi",  # gì
        "giup",  # giúp
        "hay",  # hay, hãy
        "khong",  # không
        "kia",
        "la",  # là
        "nao",  # nào
        "nay",  # này
        "neu",  # nếu
        "nhe",  # nhé
        "nhieu",  # nhiều
        "nhung",  # những, nhưng
        "o",  # ở
        "oi",  # ơi
        "rat",  # rất
        "roi",  # rồi
        "se",  # sẽ
        "toi",  # tôi
        "u",  # ừ
        "va",  # và
        "voi",  # với
        "vui",  # vui lòng
        "xin",
    }
)


# Openings of a question ("cho hỏi", "em muốn hỏi", "tôi cần biết"): both words go, as
# "hỏi" alone must stay for "xã hội" and "muốn" for "nộp muộn".
QUERY_OPENINGS = frozenset(
    {
        ("cho", "hoi"),
        ("xin", "hoi"),
        ("muon", "hoi"),
        ("can", "hoi"),
        ("muon", "biet"),
        ("can", "biet"),
        ("cho", "biet"),
    }
)


# Abbreviations and loanwords people and offices write for the same words: documents and
# queries both hold the words in full, so "BHYT" finds "bảo hiểm y tế" and the other way
# round. A change here needs `fulltext_refold` (see services) to re-spell stored documents.
ABBREVIATIONS = {
    "bhtn": "bao hiem that nghiep",
    "bhxh": "bao hiem xa hoi",
    "bhyt": "bao hiem y te",
    "cccd": "can cuoc cong dan",
    "cmnd": "chung minh nhan dan",
    "cmt": "chung minh thu",
    "dvc": "dich vu cong",
    "gcn": "giay chung nhan",
    "gium": "giup",  # giùm: southern for giúp
    "gks": "giay khai sinh",
    "gplx": "giay phep lai xe",
    "gpxd": "giay phep xay dung",
    "hdnd": "hoi dong nhan dan",
    "hkd": "ho kinh doanh",
    "mst": "ma so thue",
    "online": "truc tuyen",
    "qsdd": "quyen su dung dat",
    "sdt": "so dien thoai",
    "thcs": "trung hoc co so",
    "thpt": "trung hoc pho thong",
    "tthc": "thu tuc hanh chinh",
    "ubnd": "uy ban nhan dan",
}
_EXPANDED = {short: long.split(" ") for short, long in ABBREVIATIONS.items()}


def fulltext_terms(text: str) -> list[str]:
    """Folded terms of `text` in order: lower case, no diacritics, đ → d, no punctuation,
    abbreviations written in full."""
    return terms_expand(term for term in _SEPARATORS.split(fold(text)) if term)


def terms_expand(terms: Iterable[str]) -> list[str]:
    """`terms` with each abbreviation replaced by its words."""
    out: list[str] = []
    for term in terms:
        expanded = _EXPANDED.get(term)
        if expanded is None:
            out.append(term)
        else:
            out.extend(expanded)
    return out


PAIR_JOINER = "_"


def term_pairs(terms: list[str]) -> list[str]:
    """Neighbouring terms joined ("khai_sinh"), stop words left out first, each pair once.
    A Vietnamese word is often two syllables, and a pair of syllables is far rarer than
    either, so pairs find the documents about "khai sinh" among thousands that say "sinh"."""
    kept = [term for term in terms if term not in QUERY_STOPWORDS]
    return list(dict.fromkeys(f"{a}{PAIR_JOINER}{b}" for a, b in pairwise(kept)))


def query_terms(text: str) -> list[str]:
    """Terms of a query without the stop words and question openings (a query of those only
    has no terms)."""
    terms = [term for term in fulltext_terms(text) if term not in QUERY_STOPWORDS]
    drop: set[int] = set()
    for index, pair in enumerate(pairwise(terms)):
        if pair in QUERY_OPENINGS:  # after the stop words: "cho tôi hỏi" is "cho hỏi"
            drop.update((index, index + 1))
    return [term for index, term in enumerate(terms) if index not in drop]
