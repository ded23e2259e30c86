from django.db import models
from django.utils.translation import gettext_lazy as _

from . import workflow as wf

__all__ = ["ProblemAction", "ProblemSource", "ProblemState", "Satisfaction"]


class ProblemSource(models.TextChoices):
    VISIT = "visit", _("Pairing visit (包保走访)")
    DISPATCH = "dispatch", _("Project dispatch (项目调度)")
    INSPECTION = "inspection", _("Supervision inspection (督查检查)")
    ENTERPRISE = wf.SOURCE_ENTERPRISE, _("Reported by the enterprise (企业自报)")
    HOTLINE = "hotline", _("12345 hotline")


class ProblemState(models.TextChoices):
    REGISTERED = wf.REGISTERED, _("Registered (登记)")
    ASSIGNED = wf.ASSIGNED, _("Assigned (交办)")
    IN_PROGRESS = wf.IN_PROGRESS, _("In progress (办理中)")
    APPLIED = wf.APPLIED, _("Closure applied for (办结申请)")
    VERIFIED = wf.VERIFIED, _("Verified (核实)")
    CLOSED = wf.CLOSED, _("Closed out (销号)")


class ProblemAction(models.TextChoices):
    """Everything that happens to a problem, as its timeline shows it."""

    CREATE = "create", _("registered the problem")
    ASSIGN = "assign", _("assigned the problem")
    START = "start", _("started handling")
    APPLY = "apply", _("applied for closure")
    VERIFY = "verify", _("verified the closure")
    RETURN = "return", _("returned the problem")
    CLOSE = "close", _("closed out the problem")
    REQUEST_EXTENSION = "request_extension", _("asked for an extension")
    APPROVE_EXTENSION = "approve_extension", _("approved the extension")
    REJECT_EXTENSION = "reject_extension", _("rejected the extension")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically_satisfied", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")
