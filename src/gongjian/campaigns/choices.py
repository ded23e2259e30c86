from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Cycle", "ItemKind", "ItemStatus", "LeaderActionKind", "ReportStatus"]


class Cycle(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    WEEKLY = "weekly", _("Weekly")


class ItemKind(models.TextChoices):
    TASK = "task", _("Task (任务)")
    KEY_WORK = "key_work", _("Key work (重点工程)")
    MAJOR_PROJECT = "major_project", _("Major project (重大项目)")
    MATTER = "matter", _("Important matter (重要事项)")


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Completed")


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class LeaderActionKind(models.TextChoices):
    DEPLOY = "deploy", _("Personally deployed (亲自部署)")
    ENQUIRE = "enquire", _("Personally enquired (亲自过问)")
    DISPATCH = "dispatch", _("Personally dispatched (亲自调度)")
    SUPERVISE = "supervise", _("Personally supervised (亲自督办)")
