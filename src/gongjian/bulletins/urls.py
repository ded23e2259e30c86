from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "bulletins"

urlpatterns = [
    path("", views.BulletinListView.as_view(), name="bulletin_list"),
    path("<int:pk>/", views.BulletinDetailView.as_view(), name="bulletin_detail"),
    path("<int:pk>/edit/", views.BulletinEditView.as_view(), name="bulletin_edit"),
    path(
        "<int:pk>/refresh/",
        views.step("refresh_bulletin", "change", _("The tables have been regenerated.")).as_view(),
        name="bulletin_refresh",
    ),
    path(
        "<int:pk>/submit/",
        views.step("submit_bulletin", "submit", _("Submitted for review.")).as_view(),
        name="bulletin_submit",
    ),
    path(
        "<int:pk>/return/",
        views.step("return_bulletin", "change", _("Returned to draft.")).as_view(),
        name="bulletin_return",
    ),
    path(
        "<int:pk>/issue/",
        views.step("issue_bulletin", "sign", _("Signed and issued as {number}.")).as_view(),
        name="bulletin_issue",
    ),
    path("<int:pk>/correct/", views.BulletinCorrectView.as_view(), name="bulletin_correct"),
    path("<int:pk>/download/<str:fmt>/", views.BulletinDownloadView.as_view(), name="bulletin_download"),
    path("letters/", views.LetterListView.as_view(), name="letter_list"),
    path("letters/add/", views.LetterIssueView.as_view(), name="letter_add"),
    path("letters/<int:pk>/", views.LetterDetailView.as_view(), name="letter_detail"),
    path("letters/<int:pk>/download/", views.LetterDownloadView.as_view(), name="letter_download"),
]
