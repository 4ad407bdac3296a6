"""Article bodies: officials' rich text made safe to show, and its plain text.

`html_sanitise` runs when an article is saved; what it returns may be shown with `|safe`.
`html_to_text` gives the text of that HTML for the plain-text view, read-aloud and search.

Decisions:
- A body is HTML when it holds at least one tag of a known HTML element (or a comment);
  otherwise it is plain text, escaped whole. So "<b>" typed in plain text is read as bold,
  while "<abc@tayninh.gov.vn>" or "<Ghi chú>" stay visible as typed.
- Headings: the page owns h1, so h1 becomes h2; h5/h6 become h4 (the lowest level allowed).
- No span (without style or class it means nothing), no img (article images are uploaded
  separately, see images.py), no attributes but a[href, title] and th/td[colspan, rowspan].
- div is kept, bare: text pasted from Word or a browser separates paragraphs with divs, and
  dropping them would run the paragraphs together.
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

import nh3
from django.utils.translation import gettext as _

from openprovince.core.errors import AppError
from openprovince.core.text import strip_invisible

MAX_LENGTH = 100_000  # characters of sanitised HTML (~15,000 words)
# Beyond this the input is refused before parsing: pasted Word HTML is bloated with styles
# that cleaning drops, but not tenfold.
MAX_RAW_LENGTH = 10 * MAX_LENGTH

ALLOWED_TAGS = frozenset(
    {
        *("p", "br", "div", "hr", "blockquote", "h2", "h3", "h4"),
        *("strong", "b", "em", "i", "u", "s", "sub", "sup", "a"),
        *("ul", "ol", "li"),
        *("table", "caption", "thead", "tbody", "tr", "th", "td"),
        *("figure", "figcaption"),
    }
)
# Accepted, then renamed below.
_RENAMED_HEADINGS = {"h1": "h2", "h5": "h4", "h6": "h4"}
# Removed with everything inside them: their content is code, or a form's labels and values,
# never text of the article.
CONTENT_REMOVED_TAGS = frozenset(
    {
        *("script", "style", "template", "noscript", "iframe", "frame", "frameset", "noframes"),
        *("object", "embed", "applet", "noembed", "svg", "math", "canvas", "audio", "video"),
        *("form", "input", "textarea", "select", "button", "title", "xmp", "head"),
    }
)
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})  # relative links are kept too
LINK_REL = "noopener noreferrer nofollow"
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
_SPAN_NUMBER = re.compile(r"\s*[1-9][0-9]{0,2}\s*")  # colspan/rowspan 1..999

# Tags that make a body HTML (a mistaken guess only changes the look: both paths are safe).
_KNOWN_TAGS = (
    ALLOWED_TAGS
    | CONTENT_REMOVED_TAGS
    | _RENAMED_HEADINGS.keys()
    | {"span", "font", "img", "pre", "code", "center", "section", "article", "html", "body"}
    | {"meta", "link", "base", "picture", "source", "main", "header", "footer", "nav", "dl"}
    | {"dt", "dd", "small", "big", "mark", "abbr", "cite", "q", "del", "ins", "o:p", "tfoot"}
)
_TAG = re.compile(r"<!--|</?([A-Za-z][A-Za-z0-9:]*)(?:[\s/][^<>]*)?>")
# Tags that lay a body out in blocks; without any, its line breaks are the layout.
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|hr|h[1-6]|ul|ol|li|table|tr|blockquote|figure|pre)\b", re.IGNORECASE
)
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# nh3 writes allowed tags lower-case and attribute-free (headings allow none), and escapes
# "<" everywhere else, attribute values included: this matches tags only.
_HEADING = re.compile(r"<(/?)(h1|h5|h6)>")
_EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>")  # left where removed content was


def html_sanitise(raw: str) -> str:
    """Safe HTML for an article body typed or pasted by an official (HTML or plain text).

    Raises AppError `news.body_too_long` when the input, or its result, is too long."""
    if len(raw) > MAX_RAW_LENGTH:
        raise _too_long()
    # Invisible characters (NUL, bidi overrides, zero-width…) only ever hide or garble text.
    text = strip_invisible(raw.replace("\r\n", "\n").replace("\r", "\n"), keep_newlines=True)
    text = unicodedata.normalize("NFC", text)
    if not is_html(text):
        result = _paragraphs(html.escape(text, quote=False))
    else:
        if not _BLOCK_TAG.search(text):
            text = _paragraphs(text)  # bold or a link in otherwise plain text
        result = _clean(text)
        # Entities such as "e&#x301;" decode to text that is not NFC; normalising after
        # cleaning could merge a character into markup ("<" + U+0338 is "≮"), so clean again.
        if not unicodedata.is_normalized("NFC", result):
            result = _clean(unicodedata.normalize("NFC", result))
    if len(result) > MAX_LENGTH:
        raise _too_long()
    return result


def is_html(text: str) -> bool:
    """Whether `text` holds a comment or a tag of a known HTML element."""
    return any(m[1] is None or m[1].lower() in _KNOWN_TAGS for m in _TAG.finditer(text))


def _paragraphs(text: str) -> str:
    """Blank-line separated blocks as <p>, single line breaks as <br>."""
    blocks = (b.strip() for b in _BLANK_LINE.split(text.strip()))
    return "".join(
        "<p>" + "<br>".join(line.strip() for line in b.split("\n")) + "</p>" for b in blocks if b
    )


def _clean(text: str) -> str:
    cleaned = nh3.clean(
        text,
        tags=set(ALLOWED_TAGS | _RENAMED_HEADINGS.keys()),
        clean_content_tags=set(CONTENT_REMOVED_TAGS),
        attributes=_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    cleaned = _HEADING.sub(lambda m: f"<{m[1]}{_RENAMED_HEADINGS[m[2]]}>", cleaned)
    return _EMPTY_PARAGRAPH.sub("", cleaned).strip()


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("colspan", "rowspan"):
        return value.strip() if _SPAN_NUMBER.fullmatch(value) else None
    return value


def _too_long() -> AppError:
    return AppError(
        "news.body_too_long",
        _("The article is too long: at most %(limit)s characters.") % {"limit": f"{MAX_LENGTH:,}"},
    )


# --- plain text -----------------------------------------------------------------------------

_BLOCKS = frozenset(
    {
        *("p", "div", "hr", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre"),
        *("ul", "ol", "table", "caption", "figure", "figcaption", "section", "article"),
    }
)
_LINES = frozenset({"li", "tr", "dt", "dd"})  # each starts a line, within their block
_SKIPPED = frozenset({"script", "style", "template", "head", "title"})
_PARAGRAPH, _LINE = "\n\n", "\n"
_SPACES = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n{3,}")


def html_to_text(html: str) -> str:
    """The text of sanitised HTML: blocks separated by blank lines, <br> and list items and
    table rows on their own lines, "• " before list items ("1. " in ordered lists), " | "
    between table cells, links as their text, whitespace collapsed."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return parser.text()


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._parts: list[str] = []
        # Breaks between blocks wait here, so that adjacent ones (</li><li>, <ul><li>) merge
        # into the stronger instead of adding up to empty lines.
        self._pending = ""
        self._skipping = 0
        self._lists: list[int | None] = []  # per open list: next number, None when unordered
        self._cells: list[int] = []  # per open table row: cells seen

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag == "br":
            self._emit(_LINE)  # typed breaks count: two make an empty line
        elif tag in ("ul", "ol"):
            self._break(_LINE if self._lists else _PARAGRAPH)  # a nested list: no gap
            self._lists.append(1 if tag == "ol" else None)
        elif tag in _BLOCKS:
            self._break(_PARAGRAPH)
        elif tag == "li":
            self._break(_LINE)
            number = self._lists[-1] if self._lists else None
            if number is None:
                self._emit("• ")
            else:
                self._emit(f"{number}. ")
                self._lists[-1] = number + 1
        elif tag in _LINES:
            self._break(_LINE)
            if tag == "tr":
                self._cells.append(0)
        elif tag in ("td", "th") and self._cells:
            if self._cells[-1]:
                self._emit(" | ")
            self._cells[-1] += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # <br/>, <hr/>: nothing inside to wait for
        if tag in _SKIPPED:
            self._skipping -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in ("ul", "ol"):
            if self._lists:
                self._lists.pop()
            self._break(_LINE if self._lists else _PARAGRAPH)
        elif tag in _BLOCKS:
            self._break(_PARAGRAPH)
        elif tag == "li":
            self._break(_LINE)
        elif tag == "tr" and self._cells:
            self._cells.pop()

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        text = _SPACES.sub(" ", data)
        if text != " ":
            self._emit(text)
        elif not self._pending:
            self._parts.append(text)  # a space between words; next to a break it means nothing

    def _break(self, kind: str) -> None:
        if kind == _PARAGRAPH or not self._pending:
            self._pending = kind

    def _emit(self, text: str) -> None:
        if self._pending:
            self._parts.append(self._pending)
            self._pending = ""
        self._parts.append(text)

    def text(self) -> str:
        lines = (_SPACES.sub(" ", line).strip() for line in "".join(self._parts).split("\n"))
        return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
