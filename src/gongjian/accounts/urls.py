from django.urls import path

from . import breakglass, views, views_otp, views_roles, views_tokens

app_name = "accounts"

urlpatterns = [
    path("sessions/", views.SessionsView.as_view(), name="sessions"),
    path("security/locks/", views.LockListView.as_view(), name="locks"),
    path("security/locks/<int:pk>/lift/", views.lift_lock, name="lock_lift"),
    path("security/policy/", views.PolicyView.as_view(), name="policy"),
    path("security/roles/", views_roles.RolesView.as_view(), name="roles"),
    path("security/roles/<int:pk>/", views_roles.UserRolesView.as_view(), name="user_roles"),
    path("otp/", views_otp.VerifyView.as_view(), name="otp_verify"),
    path("otp/setup/", views_otp.EnrolView.as_view(), name="otp_setup"),
    path("otp/recovery-codes/", views_otp.RecoveryCodesView.as_view(), name="recovery_codes"),
    path("otp/disable/", views_otp.DisableView.as_view(), name="otp_disable"),
    path("tokens/", views_tokens.TokenListView.as_view(), name="tokens"),
    path("tokens/<int:pk>/revoke/", views_tokens.revoke_token, name="token_revoke"),
    path("breakglass/", breakglass.BreakGlassView.as_view(), name="breakglass"),
]
