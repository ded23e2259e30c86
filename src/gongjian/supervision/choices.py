from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "OUTBOUND_EVENTS",
    "SOURCE_LABELS",
    "Channel",
    "Colour",
    "DeliveryStatus",
    "Event",
    "SupervisionKind",
    "SupervisionOrigin",
    "SupervisionStatus",
    "source_label",
]


class Colour(models.TextChoices):
    DONE = "done", _("Done")
    GREEN = "green", _("Green")
    BLUE = "blue", _("Blue (due soon)")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")


#: What a stored colour judges, in words (the light source's key is a code a person never reads).
SOURCE_LABELS = {
    "item": _("Item"),
    "milestone": _("Milestone"),
    "indicator": _("Indicator"),
    "building_plan": _("Building plan"),
    "problem": _("Problem"),
    "rollup": _("Area or campaign"),
}


def source_label(source: str) -> str:
    """The kind of object a colour judges, in words; an unknown source keeps its key."""
    return str(SOURCE_LABELS.get(source, source or "—"))


class SupervisionKind(models.TextChoices):
    ORDER = "order", _("Supervision order (督办单)")
    LETTER = "letter", _("Supervision letter (督办函)")
    NOTICE = "notice", _("Supervision notice (督办通知)")


class SupervisionOrigin(models.TextChoices):
    MANUAL = "manual", _("Issued by the supervision office")
    YELLOWS = "yellows", _("Automatic: yellows in a row")
    RED = "red", _("Automatic: red")


class SupervisionStatus(models.TextChoices):
    OPEN = "open", _("Awaiting reply")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Closed")


class Event(models.TextChoices):
    REPORT_DUE = "report_due", _("Report due in 3 days")
    REPORT_OVERDUE = "report_overdue", _("Report overdue")
    TURNED_RED = "turned_red", _("Colour turned red")
    SUPERVISION = "supervision", _("Supervision received")
    MILESTONE_DUE = "milestone_due", _("Milestone due")
    # the events other systems subscribe to (outbound webhooks); the values are core.registry.OUTBOUND_*
    COLOUR_CHANGED = "colour_changed", _("Colour changed")
    REPORT_ACCEPTED = "report_accepted", _("Report accepted")
    PROBLEM_CLOSED = "problem_closed", _("Problem closed (销号)")
    BULLETIN_ISSUED = "bulletin_issued", _("Bulletin issued")


#: The events a webhook subscription may choose.
OUTBOUND_EVENTS = [Event.COLOUR_CHANGED, Event.REPORT_ACCEPTED, Event.PROBLEM_CLOSED, Event.BULLETIN_ISSUED]


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WECOM = "wecom", _("WeCom group robot (企业微信)")
    DINGTALK = "dingtalk", _("DingTalk group robot (钉钉)")
    WEBHOOK = "webhook", _("Webhook to another system")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
