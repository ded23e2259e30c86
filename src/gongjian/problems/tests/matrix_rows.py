"""Permission-matrix rows of the problem ledger (see core/tests/matrix.py).

Every problem here was raised by the bureau's cadre: the bureau's roles and the whole-campaign roles see it, the
street's clerk and a user without roles do not (404). Workflow actions by a role that sees the problem but may
not act answer 403 with the reason.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongjian.core.tests.matrix import BUREAU, VIEWERS, WHOLE, Row
from gongjian.pairing.tests.matrix_rows import shared_enterprise

VISIBLE = WHOLE | BUREAU
HIDDEN = {"street_clerk", "nobody"}
RAISERS = {"leader", "supervisor", "unit_admin", "clerk", "cadre", "street_clerk"}
HANDLERS = {"unit_admin", "clerk"}


def _deadline(days=10) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def objects(world):
    from gongjian.problems.models import ProblemAttachment
    from gongjian.problems.testing import make_problem

    ent = shared_enterprise(world)
    bureau, clerk = world.bureau, world.user("clerk")
    deadline = timezone.localdate() + dt.timedelta(days=10)
    worked = {"handling_unit": bureau, "deadline": deadline, "assigned_by": world.user("supervisor")}
    registered = make_problem(world, enterprise=ent)
    attachment = ProblemAttachment(problem=registered, name="现场照片.pdf", size=12)
    attachment.file.save("p.pdf", SimpleUploadedFile("p.pdf", b"%PDF-1.4 photo"), save=False)
    attachment.save()
    return {
        "p_registered": registered,
        "p_assigned": make_problem(world, enterprise=ent, state="assigned", **worked),
        "p_in_progress": make_problem(world, enterprise=ent, state="in_progress", **worked),
        "p_applied": make_problem(
            world, enterprise=ent, state="applied", applied_by=clerk, applied_on=timezone.localdate(), **worked
        ),
        "p_verified": make_problem(
            world,
            enterprise=ent,
            state="verified",
            applied_by=clerk,
            verified_by=world.user("supervisor"),
            leader=world.user("leader"),  # the responsible leader closes out (销号) besides the supervision office
            **worked,
        ),
        "p_extension": make_problem(
            world,
            enterprise=ent,
            state="in_progress",
            extension_requested_deadline=deadline + dt.timedelta(days=30),
            extension_requested_by=clerk,
            extension_reason="设备到货延迟",
            **worked,
        ),
        "problem_attachment": attachment,
    }


# action, the problem it acts on, who may, the form body (without the version)
ACTIONS = [
    ("assign", "p_registered", {"supervisor"}, lambda w: {"unit": w.bureau.pk, "deadline": _deadline()}),
    ("start", "p_assigned", HANDLERS, lambda w: {}),
    ("apply", "p_in_progress", HANDLERS, lambda w: {"text": "已协调供电公司完成增容"}),
    ("verify", "p_applied", {"supervisor"}, lambda w: {"satisfaction": "satisfied"}),
    ("return", "p_applied", {"supervisor"}, lambda w: {"text": "请补充验收材料"}),
    ("close", "p_verified", {"supervisor", "leader"}, lambda w: {}),
    ("request_extension", "p_in_progress", HANDLERS, lambda w: {"deadline": _deadline(60), "text": "设备到货延迟"}),
    ("approve_extension", "p_extension", {"supervisor"}, lambda w: {}),
    ("reject_extension", "p_extension", {"supervisor"}, lambda w: {"text": "不同意延期"}),
]


def _web_action(action, key, body):
    def data(w, o):
        fields = {"version": o[key].version, **body(w)}
        return {f"{action}-{k}": v for k, v in fields.items()}

    return data


def _problem_data(w, o):
    return {
        "title": "企业用工缺口",
        "description": "春节后普工缺口约50人",
        "source": "enterprise",
        "category": _category().pk,
        "enterprise": o["enterprise"].pk,
    }


def _category():
    from gongjian.problems.testing import category

    return category("labour")


MATRIX = [
    Row("problems:problem_list", lambda w, o: "/problems/", VIEWERS),
    Row("problems:dashboard", lambda w, o: "/problems/dashboard/", VIEWERS),
    Row("problems:problem_add", lambda w, o: "/problems/add/", RAISERS),
    Row("problems:problem_add", lambda w, o: "/problems/add/", RAISERS, method="post", data=_problem_data),
    Row("problems:problem_detail", lambda w, o: f"/problems/{o['p_registered'].pk}/", VISIBLE, HIDDEN),
    Row(
        "problems:attachment",
        lambda w, o: f"/problems/attachments/{o['problem_attachment'].pk}/",
        VISIBLE,
        HIDDEN,
    ),
    *[
        Row(
            "problems:problem_action",
            (lambda key, action: lambda w, o: f"/problems/{o[key].pk}/{action}/")(key, action),
            ok,
            HIDDEN,
            method="post",
            data=_web_action(action, key, body),
        )
        for action, key, ok, body in ACTIONS
    ],
]

API_MATRIX = [
    Row("api:problem-list", lambda w, o: "/api/problems/", VISIBLE, HIDDEN),
    Row("api:problem-list", lambda w, o: "/api/problems/", RAISERS, method="post", data=_problem_data),
    Row("api:problem-detail", lambda w, o: f"/api/problems/{o['p_registered'].pk}/", VISIBLE, HIDDEN),
    *[
        Row(
            f"api:problem-{action.replace('_', '-')}",
            (lambda key, action: lambda w, o: f"/api/problems/{o[key].pk}/{action.replace('_', '-')}/")(key, action),
            ok,
            HIDDEN,
            method="post",
            data=(lambda body: lambda w, o: body(w))(body),
        )
        for action, key, ok, body in ACTIONS
    ],
]
