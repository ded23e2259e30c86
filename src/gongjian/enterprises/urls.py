from django.urls import path

from . import views, views_import

app_name = "enterprises"

urlpatterns = [
    path("", views.EnterpriseListView.as_view(), name="list"),
    path("add/", views.EnterpriseEditView.as_view(), name="add"),
    path("<int:pk>/", views.EnterpriseDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.EnterpriseEditView.as_view(), name="edit"),
    path("<int:pk>/figures/", views.FigureEditView.as_view(), name="figures"),
    path("<int:enterprise_pk>/pool/add/", views.CultivationEditView.as_view(), name="pool_add"),
    path("pool/", views.PoolView.as_view(), name="pool"),
    path("pool/<int:pk>/edit/", views.CultivationEditView.as_view(), name="pool_edit"),
    path("tiers/", views.TiersView.as_view(), name="tiers"),
    path("categories/", views.CategoriesView.as_view(), name="categories"),
    path("categories/<int:pk>/edit/", views.CategoryEditView.as_view(), name="category_edit"),
    path("bands/<int:pk>/edit/", views.BandEditView.as_view(), name="band_edit"),
    path("tier-settings/", views.TierSettingsEditView.as_view(), name="tier_settings"),
    path("import/", views_import.EnterpriseImportView.as_view(), name="import"),
    path("import/figures/", views_import.FigureImportView.as_view(), name="figures_import"),
    path("import/template/<str:kind>/", views_import.TemplateView.as_view(), name="import_template"),
    path("import/errors/<str:token>/", views_import.ImportErrorsView.as_view(), name="import_errors"),
]
