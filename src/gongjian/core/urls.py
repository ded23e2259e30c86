from functools import cache

from django.http import Http404
from django.urls import path
from django.utils.module_loading import import_string

from . import registry, views
from .views import jobs

app_name = "core"


@cache
def _home_view(dotted_path: str):
    return import_string(dotted_path).as_view()


def home(request, *args, **kwargs):
    """The front page: the view a module registered with ``registry.register_home`` (the campaign page)."""
    if "path" not in registry.home_view:
        raise Http404
    return _home_view(registry.home_view["path"])(request, *args, **kwargs)


urlpatterns = [
    path("", home, name="home"),
    path("my-work/", views.MyWorkView.as_view(), name="my_work"),
    path("audit/", views.AuditListView.as_view(), name="audit_list"),
    path("jobs/", jobs.JobListView.as_view(), name="job_list"),
    path("jobs/<int:pk>/", jobs.JobDetailView.as_view(), name="job_detail"),
    path("jobs/<int:pk>/errors/", jobs.JobErrorsView.as_view(), name="job_errors"),
]
