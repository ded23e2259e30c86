"""Permission-matrix rows of the cadre side (see core/tests/matrix.py).

Nothing here is visible to the leader, the supervision office, clerks, viewers or administrators (403 on every
page and endpoint). The bureau's cadre applied for ``case_applied`` and sees it, never the notes about them; the
bureau's unit administrator may apply too but does not see the cadre's case (404). 组织部 (``org_dept``) and
纪检监察 (``discipline``) see everything except that only 组织部 reads 一线考察 notes.

``EXTRA_ROLES`` are the two roles of this module: the module's own matrix test runs these rows for them as well.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongjian.core.tests.matrix import Row

EXTRA_ROLES = ["org_dept", "discipline"]
BOTH = {"org_dept", "discipline"}
APPLICANTS = {"cadre", "unit_admin"}
CASE_SEERS = {"cadre", "org_dept", "discipline"}


def add_cadre_roles(world) -> None:
    from gongjian.testing import make_user

    if "org_dept" not in world.users:
        world.users["org_dept"] = make_user("orgdept", world.district, "org_dept", display_name="组织部考察科")
        world.users["discipline"] = make_user("jiwei", world.district, "discipline", display_name="纪委审理室")


def red_record(world, item=None, day=None, current=True):
    from django.contrib.contenttypes.models import ContentType

    from gongjian.supervision.models import ColourRecord

    item = item or world.own_item
    return ColourRecord.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        object_repr=str(item),
        source="item",
        period="",
        colour="red",
        reason="behind_schedule",
        judged_on=day or timezone.localdate(),
        unit=item.lead_unit,
        leader=item.leader,
        campaign=world.campaign,
        current=current,
    )


def _actor(world, role):
    from gongjian.core.services import Actor

    return Actor(user=world.user(role), ip="127.0.0.1", source="web")


def make_case(world, step: str = "applied", **kw):
    from gongjian.cadres import services

    data = {
        "subject_kind": "person",
        "title": "先行先试导致节点延误",
        "facts": "并联审批试点中系统未对接，导致节点延误",
        "criteria": ["public_interest", "due_procedure", "no_personal_gain", "no_repeat", "losses_remedied"],
        "item": world.own_item,
    }
    data.update(kw)
    case = services.apply_case(_actor(world, "cadre"), **data)
    if step == "applied":
        return case
    services.accept_case(_actor(world, "discipline"), case)
    if step == "accepted":
        return case
    services.add_opinion(
        _actor(world, "discipline"),
        case,
        recommendation="exempted",
        confirmed=data["criteria"],
        text="经核实符合容错情形",
    )
    if step == "reviewed":
        return case
    services.decide_case(_actor(world, "org_dept"), case, outcome="exempted", reasons="符合容错条件")
    return case


def objects(world):
    from gongjian.cadres import services
    from gongjian.cadres.models import CaseAttachment

    add_cadre_roles(world)
    applied = make_case(world)
    att = CaseAttachment(case=applied, name="会议纪要.pdf", size=12, uploaded_by=world.user("cadre"))
    att.file.save("m.pdf", SimpleUploadedFile("m.pdf", b"%PDF-1.4 minutes"), save=False)
    att.save()
    note = services.add_note(
        _actor(world, "org_dept"),
        cadre=world.user("cadre"),
        observed_on=timezone.localdate() - dt.timedelta(days=1),
        category="initiative",
        item=world.own_item,
        text="主动协调电力增容",
    )
    commendation = services.add_commendation(
        _actor(world, "org_dept"),
        subject_kind="unit",
        unit=world.bureau,
        grade="praise",
        reason="连续三个月绿灯",
        awarded_on=timezone.localdate(),
        awarded_by="区委",
    )
    held = services.add_accountability(
        _actor(world, "discipline"),
        subject_kind="unit",
        unit=world.street,
        form="interview",
        facts="连续红灯",
        colour_record=red_record(world, world.other_item),
        decided_on=timezone.localdate(),
        decided_by_body="区纪委监委",
    )
    return {
        "case_applied": applied,
        "case_accepted": make_case(world, "accepted", title="汛期停工"),
        "case_reviewed": make_case(world, "reviewed", title="招商项目推迟"),
        "case_attachment": att,
        "note": note,
        "commendation": commendation,
        "accountability": held,
    }


def _case_post(w, o):
    return {
        "subject_kind": "person",
        "title": "技改项目延误",
        "facts": "设备到货延迟",
        "criteria": ["public_interest"],
        "item": w.own_item.pk,
    }


def _action(action, body=None):
    def data(w, o):
        return {f"{action}-{k}": v for k, v in (body(w, o) if body else {}).items()}

    return data


def _note_post(w, o):
    return {
        "cadre": w.user("cadre").pk,
        "observed_on": timezone.localdate().isoformat(),
        "category": "results",
        "item": w.own_item.pk,
        "text": "节点全部按时完成",
    }


def _commendation_post(w, o):
    return {
        "subject_kind": "person",
        "person": w.user("cadre").pk,
        "grade": "commendation",
        "reason": "担当作为突出",
        "awarded_on": timezone.localdate().isoformat(),
        "awarded_by": "区委组织部",
    }


def _accountability_post(w, o):
    return {
        "subject_kind": "unit",
        "unit": w.street.pk,
        "form": "criticism",
        "facts": "督办逾期未回复",
        "item": w.other_item.pk,
        "decided_on": timezone.localdate().isoformat(),
        "decided_by_body": "区纪委监委",
    }


def _case_url(key, suffix=""):
    return lambda w, o: f"/cadres/cases/{o[key].pk}/{suffix}"


def _attach(w, o):
    return {"attach-file": SimpleUploadedFile("补充.pdf", b"%PDF-1.4 more", content_type="application/pdf")}


MATRIX = [
    Row("cadres:case_list", lambda w, o: "/cadres/cases/", {"unit_admin", *CASE_SEERS}),
    Row("cadres:case_add", lambda w, o: "/cadres/cases/add/", APPLICANTS),
    Row("cadres:case_add", lambda w, o: "/cadres/cases/add/", APPLICANTS, method="post", data=_case_post),
    Row("cadres:case_detail", _case_url("case_applied"), CASE_SEERS, {"unit_admin"}),
    Row("cadres:case_edit", _case_url("case_applied", "edit/"), {"cadre"}, {"unit_admin"}),
    Row(
        "cadres:case_edit",
        _case_url("case_applied", "edit/"),
        {"cadre"},
        {"unit_admin"},
        method="post",
        data=_case_post,
    ),
    Row(
        "cadres:case_action",
        _case_url("case_applied", "accept/"),
        {"discipline"},
        {"unit_admin"},
        "post",
        _action("accept"),
    ),
    Row(
        "cadres:case_action",
        _case_url("case_applied", "not_accept/"),
        {"discipline"},
        {"unit_admin"},
        "post",
        _action("not_accept", lambda w, o: {"reasons": "不属于容错范围"}),
    ),
    Row(
        "cadres:case_action",
        _case_url("case_accepted", "opinion/"),
        {"discipline"},
        {"unit_admin"},
        "post",
        _action(
            "opinion", lambda w, o: {"recommendation": "exempted", "confirmed": ["public_interest"], "text": "属实"}
        ),
    ),
    Row(
        "cadres:case_action",
        _case_url("case_reviewed", "decide/"),
        {"org_dept"},
        {"unit_admin"},
        "post",
        _action("decide", lambda w, o: {"outcome": "exempted", "reasons": "符合条件"}),
    ),
    Row(
        "cadres:case_action",
        _case_url("case_applied", "attach/"),
        {"cadre", "discipline"},
        {"unit_admin"},
        "post",
        _attach,
    ),
    Row(
        "cadres:case_attachment",
        lambda w, o: f"/cadres/cases/attachments/{o['case_attachment'].pk}/",
        CASE_SEERS,
        {"unit_admin"},
    ),
    Row("cadres:note_list", lambda w, o: "/cadres/notes/", {"org_dept"}),
    Row("cadres:note_add", lambda w, o: "/cadres/notes/add/", {"org_dept"}),
    Row("cadres:note_add", lambda w, o: "/cadres/notes/add/", {"org_dept"}, method="post", data=_note_post),
    Row("cadres:record_list", lambda w, o: "/cadres/records/", BOTH),
    Row("cadres:record_detail", lambda w, o: f"/cadres/records/{w.user('cadre').pk}/", BOTH),
    Row("cadres:record_word", lambda w, o: f"/cadres/records/{w.user('cadre').pk}/word/", BOTH),
    Row("cadres:commendation_list", lambda w, o: "/cadres/commendations/", BOTH),
    Row("cadres:commendation_add", lambda w, o: "/cadres/commendations/add/", {"org_dept"}),
    Row(
        "cadres:commendation_add",
        lambda w, o: "/cadres/commendations/add/",
        {"org_dept"},
        method="post",
        data=_commendation_post,
    ),
    Row("cadres:accountability_add", lambda w, o: "/cadres/accountability/add/", {"discipline"}),
    Row(
        "cadres:accountability_add",
        lambda w, o: "/cadres/accountability/add/",
        {"discipline"},
        method="post",
        data=_accountability_post,
    ),
]


def _api_case(key, suffix=""):
    return lambda w, o: f"/api/tolerance-cases/{o[key].pk}/{suffix}"


def _api_case_post(w, o):
    return {**_case_post(w, o)}


API_MATRIX = [
    Row("api:tolerance-case-list", lambda w, o: "/api/tolerance-cases/", CASE_SEERS, {"unit_admin"}),
    Row(
        "api:tolerance-case-list", lambda w, o: "/api/tolerance-cases/", APPLICANTS, method="post", data=_api_case_post
    ),
    Row("api:tolerance-case-detail", _api_case("case_applied"), CASE_SEERS, {"unit_admin"}),
    Row(
        "api:tolerance-case-detail",
        _api_case("case_applied"),
        {"cadre"},
        {"unit_admin"},
        method="patch",
        data=lambda w, o: {"title": "先行先试导致节点延误（补充）"},
    ),
    Row("api:tolerance-case-accept", _api_case("case_applied", "accept/"), {"discipline"}, {"unit_admin"}, "post"),
    Row(
        "api:tolerance-case-not-accept",
        _api_case("case_applied", "not-accept/"),
        {"discipline"},
        {"unit_admin"},
        "post",
        lambda w, o: {"reasons": "不属于容错范围"},
    ),
    Row(
        "api:tolerance-case-opinion",
        _api_case("case_accepted", "opinion/"),
        {"discipline"},
        {"unit_admin"},
        "post",
        lambda w, o: {"recommendation": "partly", "confirmed": ["public_interest"], "text": "属实"},
    ),
    Row(
        "api:tolerance-case-decide",
        _api_case("case_reviewed", "decide/"),
        {"org_dept"},
        {"unit_admin"},
        "post",
        lambda w, o: {"outcome": "exempted", "reasons": "符合条件"},
    ),
    Row("api:field-note-list", lambda w, o: "/api/field-notes/", {"org_dept"}),
    Row("api:field-note-list", lambda w, o: "/api/field-notes/", {"org_dept"}, method="post", data=_note_post),
    Row("api:field-note-detail", lambda w, o: f"/api/field-notes/{o['note'].pk}/", {"org_dept"}),
    Row("api:commendation-list", lambda w, o: "/api/commendations/", BOTH),
    Row(
        "api:commendation-list",
        lambda w, o: "/api/commendations/",
        {"org_dept"},
        method="post",
        data=_commendation_post,
    ),
    Row("api:commendation-detail", lambda w, o: f"/api/commendations/{o['commendation'].pk}/", BOTH),
    Row("api:accountability-record-list", lambda w, o: "/api/accountability-records/", BOTH),
    Row(
        "api:accountability-record-list",
        lambda w, o: "/api/accountability-records/",
        {"discipline"},
        method="post",
        data=_accountability_post,
    ),
    Row(
        "api:accountability-record-detail",
        lambda w, o: f"/api/accountability-records/{o['accountability'].pk}/",
        BOTH,
    ),
    Row("api:cadre-record-detail", lambda w, o: f"/api/cadre-records/{w.user('cadre').pk}/", BOTH),
]
