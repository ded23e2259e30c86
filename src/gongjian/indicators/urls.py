from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.IndicatorListView.as_view(), name="indicator_list"),
    path("add/", views.IndicatorEditView.as_view(), name="indicator_add"),
    path("<int:pk>/", views.IndicatorDetailView.as_view(), name="indicator_detail"),
    path("<int:pk>/edit/", views.IndicatorEditView.as_view(), name="indicator_edit"),
    path("<int:pk>/delete/", views.IndicatorDeleteView.as_view(), name="indicator_delete"),
    path("<int:pk>/actual/", views.ActualEntryView.as_view(), name="actual_enter"),
    path("<int:pk>/plan/", views.PlannedValuesView.as_view(), name="planned_edit"),
    path("<int:pk>/benchmarks/add/", views.BenchmarkEditView.as_view(), name="benchmark_add"),
    path("benchmarks/<int:pk>/delete/", views.BenchmarkDeleteView.as_view(), name="benchmark_delete"),
    path("actuals/<int:pk>/accept/", views.ActualReviewView.as_view(), {"decision": "accept"}, name="actual_accept"),
    path("actuals/<int:pk>/return/", views.ActualReviewView.as_view(), {"decision": "return"}, name="actual_return"),
    path("from-plan/", views.FromPlanListView.as_view(), name="from_plan_list"),
    path("from-plan/<int:pk>/", views.FromPlanView.as_view(), name="from_plan"),
    path("actuals/import/", views.ActualImportView.as_view(), name="actual_import"),
    path("actuals/import/template/<int:campaign_pk>/", views.ActualTemplateView.as_view(), name="actual_template"),
    path("actuals/import/errors/<str:token>/", views.ActualImportErrorsView.as_view(), name="actual_import_errors"),
]
