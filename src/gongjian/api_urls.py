"""All REST endpoints under /api/. Each app contributes its viewsets through ``register(router)`` in its api.py."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from gongjian.campaigns import api as campaigns_api
from gongjian.core import api_views as core_api
from gongjian.landuse import api as landuse_api
from gongjian.org import api as org_api

router = DefaultRouter()
org_api.register(router)
campaigns_api.register(router)
landuse_api.register(router)

urlpatterns = [
    path("auth/token/", core_api.ObtainTokenView.as_view(), name="api-token"),
    path("", include(router.urls)),
]
