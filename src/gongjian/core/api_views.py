"""API authentication: exchange a username and password for a token."""

from rest_framework.authtoken.views import ObtainAuthToken

__all__ = ["ObtainTokenView"]


class ObtainTokenView(ObtainAuthToken):
    """POST username and password; the answer is ``{"token": "..."}`` for ``Authorization: Token <key>``."""

    renderer_classes = ObtainAuthToken.renderer_classes
