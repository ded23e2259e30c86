from django.urls import path

from . import public_views

app_name = "public"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("bulletins/<int:pk>/<str:fmt>/", public_views.bulletin_file, name="bulletin_file"),
]
