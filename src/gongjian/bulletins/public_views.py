"""The public page at /public/: no login, no JavaScript, cached, rate-limited per IP address, Chinese and English.

``?lang=en`` (or ``zh-hans``) chooses the language by link, so the page works without cookies or scripts and each
language is cached under its own address.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_page

from gongjian.core.services import client_ip

from . import public
from .choices import FileFormat
from .services import MIME

LANGUAGES = {"en": "en", "zh": "zh-hans", "zh-hans": "zh-hans"}


def rate_limited(view):
    """At most GONGJIAN_PUBLIC_RATE requests a minute from one address (default 60); then 429 for the minute."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        limit = int(getattr(settings, "GONGJIAN_PUBLIC_RATE", 60))
        ip = client_ip(request) or "unknown"
        minute = int(timezone.now().timestamp() // 60)
        key = f"public-rate:{ip}:{minute}"
        cache.add(key, 0, timeout=70)
        try:
            count = cache.incr(key)
        except ValueError:
            count = 1
        if count > limit:
            response = HttpResponse(_("Too many requests: please wait a minute."), status=429)
            response["Retry-After"] = "60"
            return response
        return view(request, *args, **kwargs)

    return wrapper


def with_language(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        lang = LANGUAGES.get(request.GET.get("lang", ""))
        if lang is None:
            return view(request, *args, **kwargs)
        with translation.override(lang):
            request.LANGUAGE_CODE = lang
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            return response

    return wrapper


def _cache_seconds() -> int:
    return int(getattr(settings, "GONGJIAN_PUBLIC_CACHE_SECONDS", 300))


def cached(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        return cache_page(_cache_seconds(), key_prefix="public")(view)(request, *args, **kwargs)

    return wrapper


@rate_limited
@cached
@with_language
def index(request):
    today = timezone.localdate()
    context = {"campaigns": public.campaigns(today), "today": today, "lang": translation.get_language()}
    return render(request, "bulletins/public.html", context)


@rate_limited
def bulletin_file(request, pk, fmt):
    if fmt not in (FileFormat.PDF, FileFormat.DOCX):
        raise Http404
    bulletin = get_object_or_404(public.public_bulletins(), pk=pk)
    stored = bulletin.files.filter(format=fmt).first()
    if stored is None:
        raise Http404
    from urllib.parse import quote

    response = HttpResponse(bytes(stored.data), content_type=MIME[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(stored.name)}"
    return response
