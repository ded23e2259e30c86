from django.urls import path

from . import views

app_name = "cockpit"

urlpatterns = [
    path("", views.CockpitView.as_view(), name="cockpit"),
    path("start/", views.StartView.as_view(), name="start"),
    path("alerts/", views.AlertListView.as_view(), name="alerts"),
    path("widgets/<slug:key>.xlsx", views.WidgetExportView.as_view(), name="widget_export"),
]
