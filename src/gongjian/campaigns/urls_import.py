"""URLs of the task-list import; included in the ``campaigns`` namespace."""

from django.urls import path

from . import views_import

urlpatterns = [
    path("items/import/", views_import.ItemImportView.as_view(), name="item_import"),
    path(
        "items/import/template/<int:campaign_pk>/",
        views_import.ItemTemplateView.as_view(),
        name="item_template",
    ),
    path(
        "items/import/errors/<str:token>/",
        views_import.ItemImportErrorsView.as_view(),
        name="item_import_errors",
    ),
]
