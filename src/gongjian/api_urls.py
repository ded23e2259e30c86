"""All REST endpoints under /api/. Each app contributes its viewsets through ``register(router)`` in its api.py."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from gongjian.accounts import api as accounts_api
from gongjian.buildings import api as buildings_api
from gongjian.bulletins import api as bulletins_api
from gongjian.cadres import api as cadres_api
from gongjian.campaigns import api as campaigns_api
from gongjian.cockpit import api as cockpit_api
from gongjian.cockpit import views as cockpit_views
from gongjian.core import api_jobs
from gongjian.enterprises import api as enterprises_api
from gongjian.indicators import api as indicators_api
from gongjian.landuse import api as landuse_api
from gongjian.org import api as org_api
from gongjian.pairing import api as pairing_api
from gongjian.problems import api as problems_api
from gongjian.supervision import api as supervision_api

router = DefaultRouter()
api_jobs.register(router)
org_api.register(router)
accounts_api.register(router)
campaigns_api.register(router)
enterprises_api.register(router)
buildings_api.register(router)
indicators_api.register(router)
pairing_api.register(router)
problems_api.register(router)
supervision_api.register(router)
landuse_api.register(router)
cadres_api.register(router)
bulletins_api.register(router)

urlpatterns = [
    path("auth/token/", accounts_api.ObtainTokenView.as_view(), name="api-token"),
    path("cockpit/", cockpit_views.CockpitAPIView.as_view(), name="api-cockpit"),
    path("alerts/", cockpit_api.AlertListAPIView.as_view(), name="api-alerts"),
    path("", include(router.urls)),
]
