from django.urls import path

from . import views

app_name = "problems"

urlpatterns = [
    path("", views.ProblemListView.as_view(), name="problem_list"),
    path("add/", views.ProblemCreateView.as_view(), name="problem_add"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("<int:pk>/", views.ProblemDetailView.as_view(), name="problem_detail"),
    path("<int:pk>/<slug:action>/", views.ProblemActionView.as_view(), name="problem_action"),
    path("attachments/<int:pk>/", views.ProblemAttachmentView.as_view(), name="attachment"),
]
