"""The workflow's refusal codes (``workflow.WorkflowError.code``) as sentences in the user's language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gongjian.core.formats import cn_date

from .choices import ProblemState

__all__ = ["action_names", "error_text"]


def _messages() -> dict[str, str]:
    return {
        "no_right_assign": _("Only the supervision office assigns problems to handling units."),
        "no_right_handle": _("Only the users of the handling unit work on a problem."),
        "no_right_verify": _("Only a holder of the verification right (the supervision office) verifies closures."),
        "no_right_close": _("Only the supervision office or a leader closes out a verified problem."),
        "no_right_extend": _("Only the supervision office approves or rejects extensions."),
        "not_handling_unit": _("This problem is handled by another unit."),
        "verifier_is_handler": _(
            "Nobody who signed for or handled a problem verifies, returns or closes out the same problem."
        ),
        "not_responsible_leader": _(
            "Only the problem's responsible leader or the supervision office closes out this problem."
        ),
        "extension_own_request": _("Nobody can decide on their own extension request."),
        "illegal_transition": _("The problem is “{state}”: “{action}” is not possible now."),
        "unknown_action": _("Unknown action “{action}”."),
        "extension_already_pending": _("An extension request is already waiting for a decision."),
        "no_extension_pending": _("There is no extension request to decide on."),
        "unit_required": _("Choose the handling unit."),
        "deadline_required": _("Give the deadline."),
        "deadline_past": _("The deadline {deadline} is in the past."),
        "reply_required": _("Write the reply: what was done to solve the problem."),
        "reason_required": _("Give the reason."),
        "satisfaction_required": _("The enterprise raised this problem: record its satisfaction."),
        "satisfaction_unknown": _("Unknown satisfaction level."),
        "enterprise_unsatisfied": _(
            "The enterprise is not satisfied: return the problem to the handling unit instead."
        ),
        "extension_not_later": _("The new deadline must be later than the current one ({deadline})."),
        "stale": _("The problem was changed by someone else in the meantime; reload the page and try again."),
        "unit_unknown": _("The handling unit does not exist or is inactive."),
    }


def action_names() -> dict[str, str]:
    """Each action as a button or an error message names it."""
    return {
        "assign": _("Assign (交办)"),
        "start": _("Start handling (签收)"),
        "apply": _("Apply for closure (办结申请)"),
        "verify": _("Verify (核实)"),
        "return": _("Return (退回)"),
        "close": _("Close out (销号)"),
        "request_extension": _("Ask for an extension (延期申请)"),
        "approve_extension": _("Approve the extension"),
        "reject_extension": _("Reject the extension"),
    }


def error_text(code: str, params: dict | None = None) -> str:
    params = dict(params or {})
    if "action" in params:
        params["action"] = action_names().get(params["action"], params["action"])
    if "state" in params:
        params["state"] = str(ProblemState(params["state"]).label)
    if "deadline" in params and params["deadline"] is not None:
        params["deadline"] = cn_date(params["deadline"])
    template = _messages().get(code, code)
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template
