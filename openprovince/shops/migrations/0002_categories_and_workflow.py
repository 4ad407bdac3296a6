"""Data: the shop verification workflow (version 1) and the usual shop categories; admins
adjust both."""

import json
from pathlib import Path

from django.db import migrations

WORKFLOW = Path(__file__).resolve().parent.parent / "workflows" / "shop.json"
# code, name, English, icon
CATEGORIES = [
    ("tap-hoa", "Tạp hóa", "Grocery", "basket"),
    ("an-uong", "Quán ăn, nhà hàng", "Eatery", "bowl"),
    ("ca-phe", "Cà phê, giải khát", "Coffee and drinks", "cup"),
    ("cho", "Sạp chợ", "Market stall", "stall"),
    ("nong-san", "Nông sản, đặc sản", "Farm produce and local specialities", "leaf"),
    ("thuoc", "Nhà thuốc", "Pharmacy", "cross"),
    ("thoi-trang", "Quần áo, giày dép", "Clothes and shoes", "shirt"),
    ("dien-may", "Điện thoại, điện máy", "Phones and electronics", "phone"),
    ("sua-chua", "Sửa chữa", "Repairs", "wrench"),
    ("lam-dep", "Làm đẹp, cắt tóc", "Beauty and hairdressing", "scissors"),
    ("vat-lieu", "Vật liệu xây dựng", "Building materials", "brick"),
    ("khac", "Khác", "Something else", "shop"),
]


def add(apps, schema_editor):
    WorkflowDefinition = apps.get_model("cases", "WorkflowDefinition")
    if not WorkflowDefinition.objects.filter(kind="shop").exists():
        WorkflowDefinition.objects.create(
            kind="shop", version=1, data=json.loads(WORKFLOW.read_text(encoding="utf-8"))
        )
    ShopCategory = apps.get_model("shops", "ShopCategory")
    for order, (code, name, name_en, icon) in enumerate(CATEGORIES):
        ShopCategory.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "icon": icon, "order": (order + 1) * 10},
        )


def remove(apps, schema_editor):
    ShopCategory = apps.get_model("shops", "ShopCategory")
    Shop = apps.get_model("shops", "Shop")
    ShopCategory.objects.filter(code__in=[c[0] for c in CATEGORIES]).exclude(
        pk__in=Shop.objects.values("category")
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("shops", "0001_initial"), ("cases", "0003_fill_due_sort")]
    operations = [migrations.RunPython(add, remove)]
