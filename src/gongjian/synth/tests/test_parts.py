"""The modules register their generator parts in core.registry (no module imports the generator)."""

from django.apps import apps

from gongjian.core import registry
from gongjian.synth import generator


def test_the_modules_parts_are_registered_in_installed_apps_order():
    names = [p.name for p in generator.parts]
    assert generator.parts is registry.synth_parts
    assert {"org", "campaigns", "enterprises", "buildings", "indicators", "problems", "supervision"} <= set(names)
    order = [c.label for c in apps.get_app_configs()]
    assert names == sorted(names, key=order.index)
    assert len(names) == len(set(names))


def test_the_front_page_is_the_view_campaigns_registered():
    assert registry.home_view["path"] == "gongjian.campaigns.views.HomeView"
