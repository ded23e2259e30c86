from django.urls import path

from gongjian.campaigns.views import HomeView

from . import views

app_name = "core"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("my-work/", views.MyWorkView.as_view(), name="my_work"),
    path("audit/", views.AuditListView.as_view(), name="audit_list"),
]
