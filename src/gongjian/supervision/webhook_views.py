"""Pages of the outbound webhooks (other systems' subscriptions) and of one delivery with its attempts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gongjian.core.services import Actor
from gongjian.core.views.generic import ObjectEditView, ObjectListView, apply_service_errors

from . import services
from .forms import SubscriptionForm
from .models import Delivery, WebhookSubscription
from .tables import SUBSCRIPTION_COLUMNS

__all__ = [
    "DeliveryDetailView",
    "DeliveryResendView",
    "SubscriptionEditView",
    "SubscriptionListView",
    "SubscriptionRotateView",
]


def _secret_page(request, sub: WebhookSubscription, secret: str):
    """The one page that shows a secret: after the subscription is made and after a new secret is made."""
    return render(
        request,
        "supervision/subscription_secret.html",
        {"title": _("Signing secret of {name}").format(name=sub.name), "object": sub, "secret": secret},
    )


class SubscriptionListView(ObjectListView):
    model = WebhookSubscription
    columns = SUBSCRIPTION_COLUMNS
    title = gettext_lazy("Webhooks to other systems")
    select_related = ("owner",)
    add_url_name = "supervision:subscription_add"
    add_permission = "supervision.add_webhooksubscription"
    default_ordering = ("name",)


class SubscriptionEditView(ObjectEditView):
    model = WebhookSubscription
    form_class = SubscriptionForm
    template_name = "supervision/subscription_edit.html"
    select_related = ("owner",)

    def post(self, request, pk=None, **kwargs):
        if pk is not None:
            return super().post(request, pk=pk, **kwargs)
        self.load(None)
        form = self.get_form(None, data=request.POST)
        if form.is_valid():
            try:
                sub, secret = services.create_subscription(self.actor, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return _secret_page(request, sub, secret)
        return self.render_form(form, None, status=400)

    def save(self, form, obj):
        return services.update_subscription(self.actor, obj, **form.cleaned_data)

    def success_url(self, obj):
        return reverse("supervision:subscription_list")

    def cancel_url(self, obj):
        return reverse("supervision:subscription_list")

    def extra_context(self, obj):
        if obj is None:
            return {}
        return {
            "rotate_url": reverse("supervision:subscription_rotate", args=[obj.pk]),
            "deliveries_url": reverse("supervision:delivery_list") + f"?channel=webhook&subscription={obj.pk}",
        }


class SubscriptionRotateView(LoginRequiredMixin, View):
    """POST: make a new secret (the old one stops working) and show it once."""

    def post(self, request, pk):
        sub = WebhookSubscription.objects.restrict(request.user, "change").filter(pk=pk).first()
        if sub is None:
            raise Http404
        secret = services.rotate_secret(Actor.from_request(request), sub)
        return _secret_page(request, sub, secret)


class DeliveryDetailView(LoginRequiredMixin, View):
    """One delivery: what, to whom, its status and every attempt with its time and answer code."""

    def get(self, request, pk):
        delivery = (
            Delivery.objects.restrict(request.user, "view")
            .select_related("webhook__unit", "subscription", "recipient")
            .filter(pk=pk)
            .first()
        )
        if delivery is None:
            raise Http404
        return render(
            request,
            "supervision/delivery_detail.html",
            {
                "title": str(delivery),
                "object": delivery,
                "attempts": list(delivery.attempt_log.order_by("at", "pk")),
                "can_resend": request.user.has_perm("supervision.change_delivery"),
            },
        )


class DeliveryResendView(LoginRequiredMixin, View):
    """POST: send the delivery again (audited)."""

    def post(self, request, pk):
        delivery = Delivery.objects.restrict(request.user, "view").filter(pk=pk).first()
        if delivery is None:
            raise Http404
        if not request.user.has_perm("supervision.change_delivery"):
            raise PermissionDenied
        try:
            services.resend_delivery(Actor.from_request(request), delivery)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            delivery.refresh_from_db()
            if delivery.status == "sent":
                messages.success(request, _("Sent again."))
            else:
                messages.error(request, _("Sending again failed: {error}").format(error=delivery.last_error))
        return HttpResponseRedirect(reverse("supervision:delivery_detail", args=[delivery.pk]))
