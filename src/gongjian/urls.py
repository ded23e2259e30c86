from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from gongjian.accounts import views as accounts_views
from gongjian.core import api_views as core_api_views

admin.site.site_header = settings.SITE_TITLE
admin.site.site_title = settings.SITE_TITLE

urlpatterns = [
    path("accounts/login/", accounts_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        accounts_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="core/password_change_done.html"),
        name="password_change_done",
    ),
    path("accounts/", include("gongjian.accounts.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    # One way in: the administration site's own login page (no lock, no second factor) leads to ours.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
    path("api/", include("gongjian.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: the Content-Security-Policy allows no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    re_path(r"^api/", core_api_views.not_found),
    path("campaigns/", include("gongjian.campaigns.urls")),
    path("plan/", include("gongjian.plantext.urls")),
    path("enterprises/", include("gongjian.enterprises.urls")),
    path("buildings/", include("gongjian.buildings.urls")),
    path("indicators/", include("gongjian.indicators.urls")),
    path("pairing/", include("gongjian.pairing.urls")),
    path("problems/", include("gongjian.problems.urls")),
    path("supervision/", include("gongjian.supervision.urls")),
    path("landuse/", include("gongjian.landuse.urls")),
    path("cadres/", include("gongjian.cadres.urls")),
    path("bulletins/", include("gongjian.bulletins.urls")),
    path("public/", include("gongjian.bulletins.public_urls")),
    path("cockpit/", include("gongjian.cockpit.urls")),
    path("", include("gongjian.core.urls")),
]

handler400 = "gongjian.core.views.bad_request"
handler403 = "gongjian.core.views.permission_denied"
handler404 = "gongjian.core.views.page_not_found"
handler500 = "gongjian.core.views.server_error"
