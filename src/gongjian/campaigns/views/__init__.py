"""Pages of the campaigns app. Concrete views configure the generic ones; services do every write.

One module per responsibility: the overview and areas, items, milestones, reports, leader actions, and what
they share (common).
"""

from .campaigns import AreaDeleteView, AreaDetailView, AreaEditView, CampaignEditView, HomeView
from .common import _file_response
from .items import ItemDeleteView, ItemDetailView, ItemEditView, ItemListView
from .leader_actions import LeaderActionCreateView, LeaderActionDeleteView
from .milestones import MilestoneDeleteView, MilestoneEditView, MilestoneEvidenceView, MilestoneRecordView
from .reports import (
    ComplianceView,
    ReportAttachmentView,
    ReportDetailView,
    ReportListView,
    ReportReviewView,
    ReportSubmitView,
)

__all__ = [
    "AreaDeleteView",
    "AreaDetailView",
    "AreaEditView",
    "CampaignEditView",
    "ComplianceView",
    "HomeView",
    "ItemDeleteView",
    "ItemDetailView",
    "ItemEditView",
    "ItemListView",
    "LeaderActionCreateView",
    "LeaderActionDeleteView",
    "MilestoneDeleteView",
    "MilestoneEditView",
    "MilestoneEvidenceView",
    "MilestoneRecordView",
    "ReportAttachmentView",
    "ReportDetailView",
    "ReportListView",
    "ReportReviewView",
    "ReportSubmitView",
    "_file_response",
]
