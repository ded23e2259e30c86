from django.urls import path

from . import views

app_name = "cadres"

urlpatterns = [
    path("cases/", views.CaseListView.as_view(), name="case_list"),
    path("cases/add/", views.CaseCreateView.as_view(), name="case_add"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("cases/<int:pk>/edit/", views.CaseEditView.as_view(), name="case_edit"),
    path("cases/<int:pk>/<slug:action>/", views.CaseActionView.as_view(), name="case_action"),
    path("cases/attachments/<int:pk>/", views.CaseAttachmentView.as_view(), name="case_attachment"),
    path("notes/", views.NoteListView.as_view(), name="note_list"),
    path("notes/add/", views.NoteCreateView.as_view(), name="note_add"),
    path("records/", views.RecordListView.as_view(), name="record_list"),
    path("records/<int:pk>/", views.RecordDetailView.as_view(), name="record_detail"),
    path("records/<int:pk>/word/", views.RecordWordView.as_view(), name="record_word"),
    path("commendations/", views.CommendationListView.as_view(), name="commendation_list"),
    path("commendations/add/", views.CommendationCreateView.as_view(), name="commendation_add"),
    path("accountability/add/", views.AccountabilityCreateView.as_view(), name="accountability_add"),
]
