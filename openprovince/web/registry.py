"""What each service module contributes to the citizen shell: a home tile and a search source.

Modules register in their AppConfig.ready(); the shell never imports them directly, so a
service that is not installed simply has no tile and no search results (no dead links).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.functional import Promise


@dataclass(frozen=True)
class Tile:
    key: str
    title: str | Promise
    hint: str | Promise
    icon: str  # symbol id in web/static/web/icons.svg
    url_name: str
    order: int = 100
    keywords: str = ""  # extra folded words the site search matches (no diacritics)


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    snippet: str = ""


@dataclass(frozen=True)
class SearchSource:
    key: str
    label: str | Promise
    search: Callable[[str, int], list[SearchHit]]  # (query, limit) → hits


@dataclass(frozen=True)
class HomeSection:
    """A block a module adds to the home screen (news, urgent notices), above or below the
    tiles. `namespaces` are the content versions it shows, so cached home pages change with
    it. Guests' pages are cached by cookies and content versions, so for a guest `context`
    may read only `request.prefs`; a signed-in person's page is never cached."""

    key: str
    template: str
    context: Callable[[HttpRequest], dict[str, Any]]
    place: Literal["above", "below"] = "below"
    namespaces: tuple[str, ...] = ()
    order: int = 100


_tiles: dict[str, Tile] = {}
_sections: dict[str, HomeSection] = {}
_sources: dict[str, SearchSource] = {}


def register_tile(tile: Tile) -> None:
    _tiles[tile.key] = tile


def register_search(
    key: str, search: Callable[[str, int], list[SearchHit]], label: str | Promise = ""
) -> None:
    _sources[key] = SearchSource(key=key, label=label, search=search)


def register_home_section(section: HomeSection) -> None:
    _sections[section.key] = section


def home_sections() -> list[HomeSection]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))


def home_namespaces() -> list[str]:
    return sorted({n for section in _sections.values() for n in section.namespaces})


def tiles() -> list[Tile]:
    return sorted(_tiles.values(), key=lambda t: (t.order, t.key))


def search_sources() -> list[SearchSource]:
    return list(_sources.values())
