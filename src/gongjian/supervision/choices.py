from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Channel", "Colour", "DeliveryStatus", "Event", "SupervisionKind", "SupervisionOrigin", "SupervisionStatus"]


class Colour(models.TextChoices):
    DONE = "done", _("Done")
    GREEN = "green", _("Green")
    BLUE = "blue", _("Blue (due soon)")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")


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


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WECOM = "wecom", _("WeCom group robot (企业微信)")
    DINGTALK = "dingtalk", _("DingTalk group robot (钉钉)")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
