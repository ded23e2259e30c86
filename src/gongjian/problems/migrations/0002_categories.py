"""The shipped problem categories. They are data: a district renames, adds or retires them in the admin."""

from django.db import migrations

CATEGORIES = [
    ("factors", "要素保障"),
    ("approval", "审批手续"),
    ("finance", "融资"),
    ("labour", "用工"),
    ("land", "用地"),
    ("infrastructure", "基础设施"),
    ("other", "其他"),
]


def add(apps, schema_editor):
    Category = apps.get_model("problems", "ProblemCategory")
    for i, (code, name) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(code=code, defaults={"name": name, "sort_order": i * 10})


def remove(apps, schema_editor):
    apps.get_model("problems", "ProblemCategory").objects.filter(
        code__in=[c for c, _n in CATEGORIES], problems__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("problems", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
