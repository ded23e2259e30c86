"""The project's URLs, plus stand-ins for campaign pages another part of the project provides (the item list,
the reporting page) while they are absent, so the import pages render and redirect in tests."""

from django.http import HttpResponse
from django.urls import NoReverseMatch, include, path, reverse

from gongjian import urls as project_urls
from gongjian.campaigns import urls as campaign_urls


def _stand_in(request):
    return HttpResponse("stand-in")


def _absent(name: str) -> bool:
    try:
        reverse(f"campaigns:{name}", urlconf="gongjian.urls")
    except NoReverseMatch:
        return True
    return False


_stand_ins = [
    path(f"__stand-in__/{name}/", _stand_in, name=name) for name in ("item_list", "report_compliance") if _absent(name)
]

urlpatterns = [
    path("campaigns/", include(([path("", include(campaign_urls.urlpatterns)), *_stand_ins], "campaigns"))),
    *(p for p in project_urls.urlpatterns if getattr(p, "namespace", None) != "campaigns"),
]
