from django.urls import path

from . import views

app_name = "pairing"

urlpatterns = [
    path("", views.PairingListView.as_view(), name="pairing_list"),
    path("add/", views.PairingEditView.as_view(), name="pairing_add"),
    path("<int:pk>/edit/", views.PairingEditView.as_view(), name="pairing_edit"),
    path("<int:pk>/delete/", views.PairingDeleteView.as_view(), name="pairing_delete"),
    path("mine/", views.MyPairingsView.as_view(), name="mine"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    path("visits/", views.VisitListView.as_view(), name="visit_list"),
    path("visits/add/", views.VisitCreateView.as_view(), name="visit_add"),
    path("visits/<int:pk>/", views.VisitDetailView.as_view(), name="visit_detail"),
    path("visits/<int:pk>/delete/", views.VisitDeleteView.as_view(), name="visit_delete"),
    path("visit-attachments/<int:pk>/", views.VisitAttachmentView.as_view(), name="visit_attachment"),
]
