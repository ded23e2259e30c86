"""Load the GB/T 4754-2017 sections and divisions."""

from django.db import migrations


def load(apps, schema_editor):
    from gongjian.enterprises.industry_data import SECTIONS

    Industry = apps.get_model("enterprises", "Industry")
    for letter, name, divisions in SECTIONS:
        section, _ = Industry.objects.update_or_create(code=letter, defaults={"name": name, "level": "section"})
        for code, div_name in divisions:
            Industry.objects.update_or_create(
                code=code, defaults={"name": div_name, "level": "division", "parent": section}
            )


def unload(apps, schema_editor):
    Industry = apps.get_model("enterprises", "Industry")
    Industry.objects.filter(level="division").delete()
    Industry.objects.filter(level="section").delete()


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
