from django.urls import include, path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("<int:pk>/", views.HomeView.as_view(), name="campaign_detail"),
    path("add/", views.CampaignEditView.as_view(), name="campaign_add"),
    path("<int:pk>/edit/", views.CampaignEditView.as_view(), name="campaign_edit"),
    path("areas/add/", views.AreaEditView.as_view(), name="area_add"),
    path("areas/<int:pk>/", views.AreaDetailView.as_view(), name="area_detail"),
    path("areas/<int:pk>/edit/", views.AreaEditView.as_view(), name="area_edit"),
    path("areas/<int:pk>/delete/", views.AreaDeleteView.as_view(), name="area_delete"),
    path("items/", views.ItemListView.as_view(), name="item_list"),
    path("items/add/", views.ItemEditView.as_view(), name="item_add"),
    path("items/<int:pk>/", views.ItemDetailView.as_view(), name="item_detail"),
    path("items/<int:pk>/edit/", views.ItemEditView.as_view(), name="item_edit"),
    path("items/<int:pk>/delete/", views.ItemDeleteView.as_view(), name="item_delete"),
    path("items/<int:item_pk>/milestones/add/", views.MilestoneEditView.as_view(), name="milestone_add"),
    path("items/<int:item_pk>/report/", views.ReportSubmitView.as_view(), name="report_submit"),
    path("items/<int:item_pk>/leader-actions/add/", views.LeaderActionCreateView.as_view(), name="leaderaction_add"),
    path("milestones/<int:pk>/edit/", views.MilestoneEditView.as_view(), name="milestone_edit"),
    path("milestones/<int:pk>/record/", views.MilestoneRecordView.as_view(), name="milestone_record"),
    path("milestones/<int:pk>/delete/", views.MilestoneDeleteView.as_view(), name="milestone_delete"),
    path("milestones/<int:pk>/evidence/", views.MilestoneEvidenceView.as_view(), name="milestone_evidence"),
    path("reports/", views.ReportListView.as_view(), name="report_list"),
    path("reports/compliance/", views.ComplianceView.as_view(), name="report_compliance"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/accept/", views.ReportReviewView.as_view(), {"decision": "accept"}, name="report_accept"),
    path("reports/<int:pk>/return/", views.ReportReviewView.as_view(), {"decision": "return"}, name="report_return"),
    path("attachments/<int:pk>/", views.ReportAttachmentView.as_view(), name="attachment"),
    path("leader-actions/<int:pk>/delete/", views.LeaderActionDeleteView.as_view(), name="leaderaction_delete"),
    path("", include("gongjian.campaigns.urls_import")),
]
