from django.urls import path

from . import views, webhook_views

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
    path("deliveries/<int:pk>/", webhook_views.DeliveryDetailView.as_view(), name="delivery_detail"),
    path("deliveries/<int:pk>/resend/", webhook_views.DeliveryResendView.as_view(), name="delivery_resend"),
    path("webhooks/", webhook_views.SubscriptionListView.as_view(), name="subscription_list"),
    path("webhooks/add/", webhook_views.SubscriptionEditView.as_view(), name="subscription_add"),
    path("webhooks/<int:pk>/", webhook_views.SubscriptionEditView.as_view(), name="subscription_edit"),
    path("webhooks/<int:pk>/rotate/", webhook_views.SubscriptionRotateView.as_view(), name="subscription_rotate"),
]
