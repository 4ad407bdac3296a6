"""RSS 2.0 and Atom feeds of the public news, narrowed by `?category=` and `?area=` (the
same codes as the news page): `/news/rss` and `/news/atom`."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _

from openprovince.core.access import public
from openprovince.web.brand import brand_current
from openprovince.web.page_cache import cached_guest_page

from .models import Article
from .names import NAMESPACE
from .selectors import Filters, area_by_code, categories_active, news_feed

ITEMS = 30


class NewsRss(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Filters:
        area = category = None
        if request.GET.get("area"):
            area = area_by_code(request.GET["area"])
            if area is None:
                raise Http404
        if request.GET.get("category"):
            category = categories_active().filter(code=request.GET["category"][:40]).first()
            if category is None:
                raise Http404
        return Filters(area=area, category=category)

    def title(self, obj: Filters) -> str:
        parts = [_("News of %(province)s") % {"province": brand_current().province}]
        if obj.category is not None:
            parts.append(obj.category.display_name)
        if obj.area is not None:
            parts.append(obj.area.display_name)
        return " · ".join(parts)

    def link(self, obj: Filters) -> str:
        query = "&".join(
            f"{k}={v}"
            for k, v in (
                ("category", obj.category.code if obj.category else ""),
                ("area", obj.area.code if obj.area else ""),
            )
            if v
        )
        return reverse("news:index") + (f"?{query}" if query else "")

    def description(self, obj: Filters) -> str:
        return _("News and notices from the agencies of the province.")

    def items(self, obj: Filters) -> list[Article]:
        return list(news_feed(obj)[:ITEMS])

    def item_title(self, item: Article) -> str:
        return f"{_('Urgent')}: {item.title}" if item.is_urgent else item.title

    def item_description(self, item: Article) -> str:
        return item.summary or item.body_text[:500]

    def item_link(self, item: Article) -> str:
        return reverse("news:detail", args=[item.public_id])

    def item_pubdate(self, item: Article) -> Any:
        return item.publish_at

    def item_updateddate(self, item: Article) -> Any:
        return item.updated_at

    def item_author_name(self, item: Article) -> str:
        return item.agency.name

    def item_categories(self, item: Article) -> list[str]:
        return [item.category.name]

    def item_guid(self, item: Article) -> str:
        return f"news:{item.public_id}"

    item_guid_is_permalink = False


class NewsAtom(NewsRss):
    feed_type = Atom1Feed

    def subtitle(self, obj: Filters) -> str:
        return self.description(obj)


def _view(feed: Feed) -> Any:
    @public
    @cached_guest_page(NAMESPACE)
    def view(request: HttpRequest) -> HttpResponse:
        return feed(request)

    return view


rss = _view(NewsRss())
atom = _view(NewsAtom())
