"""Pages of supervision: 督办 list/detail/issue/reply/close, current colours, rankings, campaign rules, the inbox,
group robots and deliveries. Concrete views configure the generic ones; services do every write."""

from __future__ import annotations

import datetime as dt
import mimetypes

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from gongjian.campaigns import queries as campaign_queries
from gongjian.campaigns.models import Campaign
from gongjian.core.models import AuditLog
from gongjian.core.services import Actor
from gongjian.core.views.generic import ObjectDetailView, ObjectEditView, ObjectListView, apply_service_errors
from gongjian.indicators import rules as r

from . import queries, scoring, services
from .choices import SupervisionStatus
from .filtersets import ColourFilterSet, DeliveryFilterSet, SupervisionFilterSet
from .forms import POINT_LABELS, CloseForm, IssueForm, ReplyForm, RulesForm, WebhookForm
from .hooks import annotate_rankings
from .models import CampaignRules, ColourRecord, Delivery, Notification, Supervision, SupervisionReply, UnitWebhook
from .tables import COLOUR_COLUMNS, DELIVERY_COLUMNS, SUPERVISION_COLUMNS


def _today() -> dt.date:
    return timezone.localdate()


# --- 督办 ------------------------------------------------------------------------------------------------------


class SupervisionListView(ObjectListView):
    model = Supervision
    filterset_class = SupervisionFilterSet
    columns = SUPERVISION_COLUMNS
    title = gettext_lazy("Supervision (督办)")
    select_related = ("unit",)
    default_ordering = ("-issued_on",)
    export_name = gettext_lazy("Supervisions")

    def extra_context(self):
        user = self.request.user
        actions = [(reverse("supervision:colour_list") + "?colour=red", _("Red and yellow objects"))]
        if user.has_perm("supervision.view_delivery"):
            actions.append((reverse("supervision:delivery_list"), _("Deliveries")))
        if user.has_perm("supervision.view_unitwebhook"):
            actions.append((reverse("supervision:webhook_list"), _("Group robots")))
        if user.has_perm("supervision.view_webhooksubscription"):
            actions.append((reverse("supervision:subscription_list"), _("Webhooks to other systems")))
        return {"actions": actions}


class SupervisionDetailView(ObjectDetailView):
    model = Supervision
    template_name = "supervision/supervision_detail.html"
    select_related = ("unit", "leader", "issued_by", "closed_by", "content_type")

    def detail_context(self, obj):
        user = self.request.user
        replies = list(obj.replies.select_related("replied_by"))
        can_reply = (
            obj.status != SupervisionStatus.CLOSED
            and user.has_perm("supervision.reply_supervision")
            and Supervision.objects.restrict(user, "reply").filter(pk=obj.pk).exists()
        )
        target_url = ""
        model = obj.content_type.model_class()
        if model is not None and hasattr(model, "get_absolute_url"):
            try:
                target_url = model(pk=obj.object_id).get_absolute_url()
            except Exception:
                target_url = ""
        return {
            "title": str(obj),
            "today": _today(),
            "replies": replies,
            "target_url": target_url,
            "can_reply": can_reply,
            "can_close": obj.status != SupervisionStatus.CLOSED and user.has_perm("supervision.close_supervision"),
            "reply_form": ReplyForm(),
            "close_form": CloseForm(),
            "history": AuditLog.objects.for_object(obj).select_related("content_type")[:30],
        }


def _target(request):
    """The object named by ?type=app.model&id=pk, if the user may see it; else 404."""
    label = request.GET.get("type") or request.POST.get("type") or ""
    pk = request.GET.get("id") or request.POST.get("id") or ""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404 from None
    if not pk.isdigit():
        raise Http404
    manager = model._default_manager
    qs = manager.restrict(request.user, "view") if hasattr(manager, "restrict") else manager.none()
    obj = qs.filter(pk=int(pk)).first()
    if obj is None:
        raise Http404
    return obj


class SupervisionIssueView(LoginRequiredMixin, View):
    """督查室 issues a 督办单 or 督办函 on a red or yellow object."""

    def setup_target(self, request):
        if not request.user.has_perm("supervision.add_supervision"):
            raise PermissionDenied
        return _target(request)

    def get(self, request):
        target = self.setup_target(request)
        form = IssueForm(initial={"reply_by": _today() + dt.timedelta(days=7)})
        return self.render(target, form)

    def post(self, request):
        target = self.setup_target(request)
        form = IssueForm(request.POST)
        if form.is_valid():
            try:
                sup = services.issue_supervision(Actor.from_request(request), target, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Supervision issued."))
                return HttpResponseRedirect(sup.get_absolute_url())
        return self.render(target, form, status=400)

    def render(self, target, form, status=200):
        ct = ContentType.objects.get_for_model(target, for_concrete_model=False)
        return render(
            self.request,
            "supervision/supervision_issue.html",
            {
                "form": form,
                "target": target,
                "type": f"{ct.app_label}.{ct.model}",
                "panel": queries.object_panel(self.request.user, target),
                "title": _("Issue a supervision: {object}").format(object=target),
                "cancel_url": target.get_absolute_url() if hasattr(target, "get_absolute_url") else "/",
            },
            status=status,
        )


class _SupervisionAction(LoginRequiredMixin, View):
    def load(self, pk) -> Supervision:
        obj = Supervision.objects.restrict(self.request.user, "view").filter(pk=pk).first()
        if obj is None:
            raise Http404
        return obj


class SupervisionReplyView(_SupervisionAction):
    def get(self, request, pk):
        obj = self.load(pk)
        if not request.user.has_perm("supervision.reply_supervision"):
            raise PermissionDenied
        return self.render(obj, ReplyForm())

    def post(self, request, pk):
        obj = self.load(pk)
        if not request.user.has_perm("supervision.reply_supervision"):
            raise PermissionDenied
        form = ReplyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.reply_supervision(
                    Actor.from_request(request),
                    obj,
                    text=form.cleaned_data["text"],
                    attachment=form.cleaned_data.get("attachment"),
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Reply sent."))
                return HttpResponseRedirect(obj.get_absolute_url())
        return self.render(obj, form, status=400)

    def render(self, obj, form, status=200):
        return render(
            self.request,
            "core/object_edit.html",
            {
                "form": form,
                "object": obj,
                "title": _("Reply: {object}").format(object=obj),
                "cancel_url": obj.get_absolute_url(),
            },
            status=status,
        )


class SupervisionCloseView(_SupervisionAction):
    def post(self, request, pk):
        obj = self.load(pk)
        if not request.user.has_perm("supervision.close_supervision"):
            raise PermissionDenied
        form = CloseForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        try:
            services.close_supervision(Actor.from_request(request), obj, note=note)
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("Supervision closed."))
        return HttpResponseRedirect(obj.get_absolute_url())


class ReplyFileView(LoginRequiredMixin, View):
    def get(self, request, pk):
        reply = SupervisionReply.objects.restrict(request.user, "view").filter(pk=pk).first()
        if reply is None or not reply.file:
            raise Http404
        try:
            fh = reply.file.open("rb")
        except OSError:
            raise Http404 from None
        content_type = mimetypes.guess_type(reply.file_name)[0] or "application/octet-stream"
        return FileResponse(fh, as_attachment=True, filename=reply.file_name, content_type=content_type)


# --- colours ---------------------------------------------------------------------------------------------------


class ColourListView(ObjectListView):
    """The current colour of every object the user may see (the stored history's latest record)."""

    model = ColourRecord
    filterset_class = ColourFilterSet
    columns = COLOUR_COLUMNS
    title = gettext_lazy("Current colours")
    select_related = ("unit", "leader")
    default_ordering = ("-judged_on",)
    export_name = gettext_lazy("Current colours")

    def get_queryset(self):
        qs = super().get_queryset()
        try:
            dt.date.fromisoformat(self.request.GET.get("as_of", ""))
        except ValueError:
            return qs.filter(current=True)
        return qs  # the as_of filter picks the record in force on that day from the history


# --- rankings --------------------------------------------------------------------------------------------------


class RankingsView(LoginRequiredMixin, View):
    """比学赶超、争先进位: units and leaders ranked by the month's score, with the change against last month."""

    def get(self, request):
        if not request.user.has_perm("supervision.view_supervision"):
            raise PermissionDenied
        today = _today()
        pk = request.GET.get("campaign")
        campaign = campaign_queries.current_campaign(request.user, today, int(pk) if pk and pk.isdigit() else None)
        if campaign is None:
            raise Http404
        year, month = today.year, today.month
        wanted = request.GET.get("month", "")
        try:
            y, m = (int(x) for x in wanted.split("-"))
            dt.date(y, m, 1)
            year, month = y, m
        except ValueError:
            pass
        by = "leader" if request.GET.get("by") == "leader" else "unit"
        table = queries.rankings(campaign, year, month, today, by)
        annotate_rankings(request.user, table, campaign, today)
        months = []
        d = dt.date(campaign.start_date.year, campaign.start_date.month, 1)
        while d <= min(campaign.end_date, today):
            months.append(d)
            d = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return render(
            request,
            "supervision/rankings.html",
            {
                "title": _("Rankings"),
                "campaign": campaign,
                "table": table,
                "by": by,
                "month": f"{year}-{month:02d}",
                "months": list(reversed(months)),
                "points": [(POINT_LABELS[k], v) for k, v in table.points.as_dict().items()],
                "default_points": table.points == scoring.DEFAULT_POINTS,
                "can_change": request.user.has_perm("supervision.change_campaignrules"),
            },
        )


# --- campaign rules --------------------------------------------------------------------------------------------


class RulesEditView(LoginRequiredMixin, View):
    def load(self, campaign_pk):
        campaign = Campaign.objects.restrict(self.request.user, "view").filter(pk=campaign_pk).first()
        if campaign is None:
            raise Http404
        if not self.request.user.has_perm("supervision.change_campaignrules"):
            raise PermissionDenied
        stored = CampaignRules.objects.filter(campaign=campaign).first()
        try:
            rules = r.Rules(**(stored.rules if stored else {}))
        except (TypeError, r.RulesError):
            rules = r.DEFAULT_RULES
        points = queries.points_for(campaign)
        return campaign, rules, points

    def get(self, request, campaign_pk):
        campaign, rules, points = self.load(campaign_pk)
        return self.render(campaign, RulesForm(rules=rules, points=points))

    def post(self, request, campaign_pk):
        campaign, rules, points = self.load(campaign_pk)
        form = RulesForm(request.POST, rules=rules, points=points)
        if form.is_valid():
            try:
                services.save_campaign_rules(
                    Actor.from_request(request), campaign, rules=form.rules_data(), points=form.points_data()
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Rules saved."))
                return HttpResponseRedirect(reverse("supervision:rules_edit", args=[campaign.pk]))
        return self.render(campaign, form, status=400)

    def render(self, campaign, form, status=200):
        return render(
            self.request,
            "core/object_edit.html",
            {
                "form": form,
                "object": campaign,
                "title": _("Warning rules and ranking points: {campaign}").format(campaign=campaign),
                "cancel_url": campaign.get_absolute_url(),
            },
            status=status,
        )


# --- the inbox -------------------------------------------------------------------------------------------------


class InboxView(LoginRequiredMixin, View):
    def get(self, request):
        if not request.user.has_perm("supervision.view_notification"):
            raise PermissionDenied
        qs = Notification.objects.restrict(request.user, "view").order_by("-created_at", "-id")
        if request.GET.get("unread"):
            qs = qs.filter(read_at__isnull=True)
        page = Paginator(qs, 25).get_page(request.GET.get("page"))
        return render(
            request, "supervision/inbox.html", {"title": _("Inbox"), "page": page, "rows": list(page.object_list)}
        )


class InboxReadView(LoginRequiredMixin, View):
    """POST: mark one notification read and go to what it is about."""

    def post(self, request, pk):
        note = Notification.objects.restrict(request.user, "view").filter(pk=pk).first()
        if note is None:
            raise Http404
        services.mark_read(Actor.from_request(request), note)
        target = (
            note.url if note.url.startswith("/") and not note.url.startswith("//") else reverse("supervision:inbox")
        )
        return HttpResponseRedirect(target)


class InboxReadAllView(LoginRequiredMixin, View):
    def post(self, request):
        if not request.user.has_perm("supervision.view_notification"):
            raise PermissionDenied
        services.mark_all_read(Actor.from_request(request))
        return HttpResponseRedirect(reverse("supervision:inbox"))


# --- group robots and deliveries -------------------------------------------------------------------------------


class WebhookListView(ObjectListView):
    model = UnitWebhook
    title = gettext_lazy("Group robots")
    select_related = ("unit",)
    add_url_name = "supervision:webhook_add"
    add_permission = "supervision.add_unitwebhook"
    default_ordering = ("unit__sort_order", "channel")

    def get_columns(self):
        from .tables import Column

        return [
            Column("unit", _("Unit"), link=True),
            Column("channel", _("Channel")),
            Column("url", _("Webhook address")),
            Column("is_active", _("Active")),
        ]


class WebhookEditView(ObjectEditView):
    model = UnitWebhook
    form_class = WebhookForm
    template_name = "supervision/webhook_edit.html"
    select_related = ("unit",)

    def form_kwargs(self, obj):
        return {"user": self.request.user}

    def form_initial(self):
        return {"unit": self.request.user.unit_id}

    def save(self, form, obj):
        d = form.cleaned_data
        fields = {k: d[k] for k in ("unit", "channel", "url", "is_active")}
        if obj is None:
            return services.create_webhook(self.actor, secret=d.get("secret", ""), **fields)
        return services.update_webhook(
            self.actor, obj, secret=d.get("secret", ""), clear_secret=d.get("clear_secret", False), **fields
        )

    def success_url(self, obj):
        return reverse("supervision:webhook_list")

    def cancel_url(self, obj):
        return reverse("supervision:webhook_list")

    def extra_context(self, obj):
        return {"test_url": reverse("supervision:webhook_test", args=[obj.pk]) if obj is not None else ""}


class WebhookTestView(LoginRequiredMixin, View):
    """POST: send a test message to the robot now and say whether it was accepted."""

    def post(self, request, pk):
        hook = UnitWebhook.objects.restrict(request.user, "view").select_related("unit").filter(pk=pk).first()
        if hook is None:
            raise Http404
        if not request.user.has_perm("supervision.change_unitwebhook"):
            raise PermissionDenied
        error = services.send_test_message(Actor.from_request(request), hook)
        if error:
            messages.error(request, _("The robot did not accept the test message: {error}").format(error=error))
        else:
            messages.success(request, _("Test message sent."))
        return HttpResponseRedirect(reverse("supervision:webhook_edit", args=[hook.pk]))


class DeliveryListView(ObjectListView):
    model = Delivery
    filterset_class = DeliveryFilterSet
    columns = DELIVERY_COLUMNS
    title = gettext_lazy("Deliveries")
    select_related = ("webhook__unit", "subscription")
    default_ordering = ("-created_at",)


#: The path of the local robot page (the demo's group robots post here instead of to 企业微信 or 钉钉).
ROBOT_ECHO_PATH = "/supervision/robots/echo/"


@method_decorator(csrf_exempt, name="dispatch")
class RobotEchoView(DeliveryListView):
    """A local stand-in for a group robot: a POST (the message a robot would receive) is answered as WeCom and
    DingTalk answer a message they accept, and nothing is stored; the page lists the messages addressed to robots
    that point here — what would have been delivered to the groups."""

    title = gettext_lazy("Local robot: the messages the groups would receive")

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST":
            return JsonResponse({"errcode": 0, "errmsg": "ok"})
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(webhook__url__endswith=ROBOT_ECHO_PATH)
