from django.urls import path

from . import views

app_name = "plantext"

urlpatterns = [
    path("", views.PlanNewView.as_view(), name="new"),
    path("<int:pk>/", views.PlanReviewView.as_view(), name="review"),
]
