"""Seed the 四上 categories with the statistics thresholds and the default tier bands (all editable later)."""

from decimal import Decimal

from django.db import migrations

CATEGORIES = [
    # code, name, industry codes, basis, threshold (万元)
    ("industry", "规模以上工业", "B C D", "main_revenue", Decimal(2000)),
    ("construction", "有资质的建筑业", "E", "listed", None),
    ("wholesale", "限额以上批发业", "51", "main_revenue", Decimal(2000)),
    ("retail", "限额以上零售业", "52", "main_revenue", Decimal(500)),
    ("hospitality", "限额以上住宿和餐饮业", "H", "main_revenue", Decimal(200)),
    ("real_estate", "房地产开发经营业", "701", "listed", None),
    ("service_1", "规模以上服务业（一类）", "G I N 84", "operating_revenue", Decimal(2000)),
    ("service_2", "规模以上服务业（二类）", "L M P 702 703 704 709", "operating_revenue", Decimal(1000)),
    ("service_3", "规模以上服务业（三类）", "O R 85", "operating_revenue", Decimal(500)),
]

BANDS = [
    ("above_scale", "规上", Decimal(2000)),
    ("over_100m", "过亿", Decimal(10000)),
    ("over_500m", "过5亿", Decimal(50000)),
    ("over_1b", "过10亿", Decimal(100000)),
]


def seed(apps, schema_editor):
    ScaleCategory = apps.get_model("enterprises", "ScaleCategory")
    TierBand = apps.get_model("enterprises", "TierBand")
    TierSettings = apps.get_model("enterprises", "TierSettings")
    for order, (code, name, industries, basis, threshold) in enumerate(CATEGORIES, start=1):
        ScaleCategory.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "industries": industries,
                "basis": basis,
                "threshold": threshold,
                "sort_order": order,
            },
        )
    for code, name, floor in BANDS:
        TierBand.objects.get_or_create(code=code, defaults={"name": name, "floor": floor})
    if not TierSettings.objects.exists():
        TierSettings.objects.create(near_low=Decimal("0.80"), pool_share=Decimal("0.50"))


def unseed(apps, schema_editor):
    apps.get_model("enterprises", "ScaleCategory").objects.all().delete()
    apps.get_model("enterprises", "TierBand").objects.all().delete()
    apps.get_model("enterprises", "TierSettings").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0003_tiers_and_categories")]

    operations = [migrations.RunPython(seed, unseed)]
