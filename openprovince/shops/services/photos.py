"""Photos of a shop, added by its owner while the shop is a draft (or sent back for changes):
the ward sees them when verifying, customers on the shop's page once certified."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from django.db import transaction
from django.utils.translation import gettext as _

from openprovince.accounts.models import User
from openprovince.core.audit import audit_record
from openprovince.core.errors import AppError
from openprovince.core.uploads.kinds import PHOTO
from openprovince.core.uploads.process import Readable, upload_process
from openprovince.core.uploads.storage import upload_save, uploads_delete

from ..models import Shop, ShopPhoto
from .registration import shop_owner_check

MAX_PHOTOS = 5
EDITABLE = (Shop.Status.DRAFT, Shop.Status.CHANGES_REQUESTED)


def _check(shop: Shop, owner: User) -> None:
    shop_owner_check(shop, owner)
    if shop.status not in EDITABLE:
        raise AppError(
            "shops.photos_locked",
            _("Photos can be changed before the shop is sent for verification."),
            status=409,
        )


def shop_photos_add(
    *, owner: User, shop: Shop, files: Sequence[tuple[str, bytes | Readable]]
) -> list[ShopPhoto]:
    """`files`: (file name, content). All are checked before any is stored."""
    _check(shop, owner)
    if shop.photos.count() + len(files) > MAX_PHOTOS:
        raise AppError(
            "shops.too_many_photos",
            _("A shop has at most %(n)s photos.") % {"n": MAX_PHOTOS},
            fields={"photos": [_("Too many photos.")]},
        )
    processed = [upload_process(data=data, filename=name, kind=PHOTO) for name, data in files]
    with transaction.atomic():
        photos = []
        for upload in processed:
            name, thumb = upload_save(processed=upload, prefix="shops")
            photos.append(
                ShopPhoto.objects.create(
                    shop=shop,
                    storage_name=name,
                    thumbnail_name=thumb or "",
                    width=upload.width or 0,
                    height=upload.height or 0,
                )
            )
        audit_record(action="shops.photos_add", actor=owner, target=shop,
                     details={"count": len(photos)})  # fmt: skip
    return photos


def shop_photo_remove(*, owner: User, photo: ShopPhoto) -> None:
    """Remove a photo; its files are deleted once that is committed."""
    _check(photo.shop, owner)
    with transaction.atomic():
        photo.delete()
        audit_record(action="shops.photo_remove", actor=owner, target=photo.shop)
        transaction.on_commit(partial(uploads_delete, photo.stored_files()))


def shop_draft_delete(*, shop: Shop) -> None:
    """Delete a draft shop (the owner is the caller's check) and, once that is committed, its
    photos' files. A shop sent meanwhile is not deleted: 409."""
    with transaction.atomic():
        files = [name for photo in shop.photos.all() for name in photo.stored_files()]
        # The status in the same statement: a draft sent meanwhile is not deleted.
        deleted, _rows = Shop.objects.filter(pk=shop.pk, status=Shop.Status.DRAFT).delete()
        if not deleted:
            raise AppError("shops.not_draft", _("Only a draft can be deleted."), status=409)
        transaction.on_commit(partial(uploads_delete, files))
