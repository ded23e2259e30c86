from django.urls import include, path

app_name = "campaigns"
urlpatterns = [
    path("", include("gongjian.campaigns.urls_import")),
]
