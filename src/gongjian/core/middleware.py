"""Security headers the platform sets on every response."""

from __future__ import annotations

__all__ = ["SecurityHeadersMiddleware"]

# Everything is served by the app itself: no third-party origin is ever needed.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
    "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; "
    "object-src 'none'"
)


class SecurityHeadersMiddleware:
    """Content-Security-Policy on every page, and no caching of anything shown to a logged-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"
        return response
