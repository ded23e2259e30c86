from django.urls import path

from . import views

app_name = "plantext"

urlpatterns = [
    path("", views.PlanNewView.as_view(), name="new"),
    path("<int:pk>/", views.PlanReviewView.as_view(), name="review"),
    path("<int:pk>/merge-targets/", views.PlanMergeTargetsView.as_view(), name="merge_targets"),
]
