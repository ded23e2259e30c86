from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.SupervisionListView.as_view(), name="supervision_list"),
    path("add/", views.SupervisionIssueView.as_view(), name="supervision_add"),
    path("<int:pk>/", views.SupervisionDetailView.as_view(), name="supervision_detail"),
    path("<int:pk>/reply/", views.SupervisionReplyView.as_view(), name="supervision_reply"),
    path("<int:pk>/close/", views.SupervisionCloseView.as_view(), name="supervision_close"),
    path("replies/<int:pk>/file/", views.ReplyFileView.as_view(), name="reply_file"),
    path("colours/", views.ColourListView.as_view(), name="colour_list"),
    path("rankings/", views.RankingsView.as_view(), name="rankings"),
    path("rules/<int:campaign_pk>/", views.RulesEditView.as_view(), name="rules_edit"),
    path("inbox/", views.InboxView.as_view(), name="inbox"),
    path("inbox/<int:pk>/read/", views.InboxReadView.as_view(), name="inbox_read"),
    path("inbox/read-all/", views.InboxReadAllView.as_view(), name="inbox_read_all"),
    path("robots/", views.WebhookListView.as_view(), name="webhook_list"),
    path("robots/add/", views.WebhookEditView.as_view(), name="webhook_add"),
    path("robots/<int:pk>/", views.WebhookEditView.as_view(), name="webhook_edit"),
    path("robots/echo/", views.RobotEchoView.as_view(), name="robot_echo"),
    path("robots/<int:pk>/test/", views.WebhookTestView.as_view(), name="webhook_test"),
    path("deliveries/", views.DeliveryListView.as_view(), name="delivery_list"),
]
