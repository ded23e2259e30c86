"""The project's URLs plus the minimal view the throughput scenario compares the API with (benchmark only)."""

from django.http import JsonResponse
from django.urls import path

from gongjian.urls import handler400, handler403, handler404, handler500  # noqa: F401
from gongjian.urls import urlpatterns as project_urls


def minimal(request):
    """The least a Django view can do: the same middleware, no database, a tiny JSON body."""
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/minimal/", minimal), *project_urls]
