"""An article's pictures as pages and the API show them: the fallback's URL and the WebP
`srcset`."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from .images import srcset
from .models import Article, ArticleImage


def _srcset(image: ArticleImage) -> str:
    widths = {v["name"]: v["width"] for v in image.variants}

    def url(name: str) -> str:
        return reverse("news:image", args=[image.public_id, widths[name]])

    return srcset(image.variants, url)


def article_pictures(article: Article) -> list[dict[str, Any]]:
    return [
        {
            "image": image,
            "alt": image.alt,
            "width": image.width,
            "height": image.height,
            "fallback": reverse("news:image_fallback", args=[image.public_id]),
            "srcset": _srcset(image),
        }
        for image in article.images.all()
    ]
