from django.urls import path

from . import views

app_name = "landuse"

urlpatterns = [
    path("", views.EvaluationListView.as_view(), name="evaluation_list"),
    path("add/", views.EvaluationEditView.as_view(), name="evaluation_add"),
    path("<int:pk>/", views.EvaluationDetailView.as_view(), name="evaluation_detail"),
    path("<int:pk>/edit/", views.EvaluationEditView.as_view(), name="evaluation_edit"),
    path("<int:pk>/do/<str:action>/", views.EvaluationActionView.as_view(), name="evaluation_action"),
    path("<int:pk>/results/", views.ResultListView.as_view(), name="result_list"),
    path("<int:pk>/figures/", views.InputListView.as_view(), name="input_list"),
    path("figures/<int:pk>/confirm/", views.InputConfirmView.as_view(), name="input_confirm"),
    path("<int:pk>/import/<str:department>/", views.InputImportView.as_view(), name="input_import"),
    path("<int:pk>/appeals/add/", views.AppealAddView.as_view(), name="appeal_add"),
    path("appeals/<int:pk>/decide/", views.AppealDecideView.as_view(), name="appeal_decide"),
    path("<int:pk>/in-use/", views.ResultsInUseView.as_view(), name="results_in_use"),
    path("<int:pk>/utilities.xlsx", views.SupplierExportView.as_view(), name="supplier_export"),
    path("<int:pk>/what-if/", views.WhatIfView.as_view(), name="whatif"),
    path("policies/add/", views.PolicyEditView.as_view(), name="policy_add"),
    path("policies/<int:pk>/edit/", views.PolicyEditView.as_view(), name="policy_edit"),
    path("<int:evaluation_pk>/exit-plans/add/", views.ExitPlanEditView.as_view(), name="exitplan_add"),
    path("exit-plans/<int:pk>/edit/", views.ExitPlanEditView.as_view(), name="exitplan_edit"),
    path("plots/<int:plot_pk>/disposals/add/", views.DisposalEditView.as_view(), name="disposal_add"),
    path("disposals/<int:pk>/edit/", views.DisposalEditView.as_view(), name="disposal_edit"),
    path("plots/", views.PlotListView.as_view(), name="plot_list"),
    path("plots/add/", views.PlotEditView.as_view(), name="plot_add"),
    path("plots/import/", views.PlotImportView.as_view(), name="plot_import"),
    path("plots/import/template/", views.PlotTemplateView.as_view(), name="plot_template"),
    path("plots/import/errors/<str:token>/", views.PlotImportErrorsView.as_view(), name="plot_import_errors"),
    path("plots/<int:pk>/", views.PlotDetailView.as_view(), name="plot_detail"),
    path("plots/<int:pk>/edit/", views.PlotEditView.as_view(), name="plot_edit"),
]
