from django.urls import path

from . import views, views_import, views_list

app_name = "buildings"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("list/", views_list.BuildingListView.as_view(), name="building_list"),
    path("add/", views.BuildingEditView.as_view(), name="building_add"),
    path("<int:pk>/", views.BuildingDetailView.as_view(), name="building_detail"),
    path("<int:pk>/edit/", views.BuildingEditView.as_view(), name="building_edit"),
    path("<int:pk>/delete/", views.BuildingDeleteView.as_view(), name="building_delete"),
    path("spaces/add/", views.SpaceEditView.as_view(), name="space_add"),
    path("spaces/<int:pk>/edit/", views.SpaceEditView.as_view(), name="space_edit"),
    path("spaces/<int:pk>/delete/", views.SpaceDeleteView.as_view(), name="space_delete"),
    path("tenancies/add/", views.TenancyEditView.as_view(), name="tenancy_add"),
    path("tenancies/<int:pk>/edit/", views.TenancyEditView.as_view(), name="tenancy_edit"),
    path("tenancies/<int:pk>/delete/", views.TenancyDeleteView.as_view(), name="tenancy_delete"),
    path("replacements/add/", views.ReplacementEditView.as_view(), name="replacement_add"),
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/add/", views.PlanEditView.as_view(), name="plan_add"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/edit/", views.PlanEditView.as_view(), name="plan_edit"),
    path("plans/<int:pk>/progress/", views.PlanProgressView.as_view(), name="plan_progress"),
    path("survey/import/", views_import.SurveyImportView.as_view(), name="survey_import"),
    path("survey/template/", views_import.SurveyTemplateView.as_view(), name="survey_template"),
    path("survey/errors/<str:token>/", views_import.SurveyImportErrorsView.as_view(), name="survey_import_errors"),
]
