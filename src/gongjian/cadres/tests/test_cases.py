"""容错免责 through the services and pages: bad input refused with a message, nothing written, the attempt audited;
confidentiality towards the cadre concerned."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongjian.cadres import services
from gongjian.cadres.models import CaseOpinion, ToleranceCase
from gongjian.core.models import AuditLog
from gongjian.core.services import Actor
from gongjian.testing import PASSWORD, make_user

from .matrix_rows import add_cadre_roles, make_case


@pytest.fixture
def w(world):
    add_cadre_roles(world)
    return world


def actor(w, role):
    return Actor(user=w.user(role), ip="127.0.0.1", source="web")


def _refusals():
    return AuditLog.objects.filter(action="tolerance_case.refused", success=False)


def test_a_case_linked_to_an_object_the_applicant_cannot_see_is_refused_and_audited(w):
    with pytest.raises(ValidationError) as exc:
        services.apply_case(actor(w, "cadre"), subject_kind="person", title="t", facts="f", item=w.other_item)
    assert "item" in exc.value.message_dict
    assert ToleranceCase.objects.count() == 0
    refusal = _refusals().get()
    assert refusal.actor == w.user("cadre") and refusal.after["action"] == "tolerance_case.apply"


def test_the_web_form_names_the_field_and_writes_nothing(w, client):
    client.login(username="cadre", password=PASSWORD)
    response = client.post(
        "/cadres/cases/add/",
        {"subject_kind": "person", "title": "t", "facts": "f", "item": w.other_item.pk},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["item"]
    assert ToleranceCase.objects.count() == 0
    assert _refusals().count() == 1


def test_a_decision_without_reasons_is_refused(w):
    case = make_case(w, "reviewed")
    with pytest.raises(ValidationError) as exc:
        services.decide_case(actor(w, "org_dept"), case, outcome="exempted", reasons=" ")
    assert "reasons" in exc.value.message_dict
    case.refresh_from_db()
    assert case.state == "reviewed" and case.outcome == "" and case.decided_by is None
    assert _refusals().filter(after__action="tolerance_case.decide").count() == 1


def test_the_reviewer_of_a_case_may_not_decide_it(w):
    both = make_user("both", w.district, "org_dept", "discipline")
    case = make_case(w, "accepted")
    services.add_opinion(Actor(user=both), case, recommendation="exempted", confirmed=[], text="属实")
    with pytest.raises(ValidationError) as exc:
        services.decide_case(Actor(user=both), case, outcome="refused", reasons="不符合")
    assert services.workflow_message("reviewer_decides") in exc.value.messages
    case.refresh_from_db()
    assert case.state == "reviewed"
    assert _refusals().filter(actor=both).count() == 1
    services.decide_case(actor(w, "org_dept"), case, outcome="refused", reasons="不符合")  # someone else may
    case.refresh_from_db()
    assert case.state == "decided" and case.outcome == "refused"


def test_an_edit_after_the_decision_is_refused(w, client):
    case = make_case(w, "decided")
    with pytest.raises(ValidationError):
        services.update_case(actor(w, "cadre"), case, title="改过的标题")
    case.refresh_from_db()
    assert case.title != "改过的标题"
    assert _refusals().filter(after__action="tolerance_case.update").count() == 1
    client.login(username="cadre", password=PASSWORD)
    response = client.post(
        f"/cadres/cases/{case.pk}/edit/",
        {"subject_kind": "person", "title": "改过的标题", "facts": "f", "item": w.own_item.pk},
    )
    assert response.status_code == 400
    assert (
        "no longer be changed" in str(response.context["form"].non_field_errors())
        or "不能" in response.content.decode()
    )


def test_an_exemption_needs_the_criteria_confirmed(w):
    case = make_case(w, "accepted")
    services.add_opinion(
        actor(w, "discipline"), case, recommendation="partly", confirmed=["public_interest"], text="部分属实"
    )
    with pytest.raises(ValidationError):
        services.decide_case(actor(w, "org_dept"), case, outcome="partly", reasons="x")
    services.decide_case(actor(w, "org_dept"), case, outcome="refused", reasons="有谋取私利情形")
    assert ToleranceCase.objects.get(pk=case.pk).outcome == "refused"


def test_roles_are_checked_before_anything(w):
    case = make_case(w, "applied")
    with pytest.raises(PermissionDenied):
        services.accept_case(actor(w, "org_dept"), case)
    with pytest.raises(PermissionDenied):
        services.apply_case(actor(w, "clerk"), subject_kind="person", title="t", facts="f", item=w.own_item)
    with pytest.raises(PermissionDenied):
        services.add_note(actor(w, "discipline"), cadre=w.user("cadre"))


def test_the_cadre_sees_their_case_and_its_decision_but_no_opinion_and_no_note(w, client):
    case = make_case(w, "decided")
    client.login(username="cadre", password=PASSWORD)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "符合容错条件" in page  # the decision's reasons
    assert "经核实符合容错情形" not in page  # the review opinion
    assert CaseOpinion.objects.filter(case=case).exists()
    assert client.get("/cadres/notes/").status_code == 403
    assert client.get(f"/cadres/records/{w.user('cadre').pk}/").status_code == 403
    assert client.get("/api/field-notes/").status_code == 403


def test_the_whole_workflow_through_the_api(w):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(w.user("cadre"))
    created = api.post(
        "/api/tolerance-cases/",
        {
            "subject_kind": "person",
            "title": "技改延误",
            "facts": "设备延迟",
            "item": w.own_item.pk,
            "criteria": list(["public_interest", "due_procedure", "no_personal_gain", "no_repeat", "losses_remedied"]),
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    api.force_authenticate(w.user("discipline"))
    assert api.post(f"/api/tolerance-cases/{pk}/accept/").status_code == 200
    body = {"recommendation": "exempted", "confirmed": created.json()["criteria"], "text": "属实"}
    assert api.post(f"/api/tolerance-cases/{pk}/opinion/", body, format="json").status_code == 200
    api.force_authenticate(w.user("org_dept"))
    refused = api.post(f"/api/tolerance-cases/{pk}/decide/", {"outcome": "exempted"}, format="json")
    assert refused.status_code == 400 and "reasons" in refused.json()
    done = api.post(f"/api/tolerance-cases/{pk}/decide/", {"outcome": "exempted", "reasons": "符合"}, format="json")
    assert done.status_code == 200 and done.json()["state"] == "decided"
    api.force_authenticate(w.user("cadre"))
    assert api.patch(f"/api/tolerance-cases/{pk}/", {"title": "x"}, format="json").status_code == 400
    api.force_authenticate(w.user("leader"))
    assert api.get("/api/tolerance-cases/").status_code == 403
    assert api.get(f"/api/tolerance-cases/{pk}/").status_code == 403


def test_the_audit_log_keeps_the_records_from_other_readers(w, client):
    from gongjian.core.services import record

    record(actor(w, "supervisor"), "item.update", w.own_item)  # a record of the campaign, readable as before
    case = make_case(w, "decided")
    with pytest.raises(ValidationError):
        services.update_case(actor(w, "cadre"), case, title="x")
    mine = AuditLog.objects.filter(object_id=str(case.pk), content_type__app_label="cadres")
    assert mine.count() >= 4
    for role in ("supervisor", "auditadmin"):  # the readers of the audit log (the system administrator is not one)
        seen = AuditLog.objects.restrict(w.user(role))
        assert not seen.filter(content_type__app_label="cadres").exists()
        assert not seen.filter(action__startswith="tolerance_case.").exists()
        assert seen.exists()  # the rest of the log stays readable
        client.login(username=w.user(role).username, password=PASSWORD)
        assert case.number not in client.get("/audit/").content.decode()
        client.logout()
    auditor = make_user("auditor", w.district, "supervisor", "discipline")  # 纪检监察 holding the log reads them
    assert AuditLog.objects.restrict(auditor).filter(content_type__app_label="cadres").count() == mine.count()


def test_a_superuser_account_is_not_a_cadre_reader(w, client):
    make_case(w, "applied")
    root = make_user("root", w.district)
    root.is_superuser = True
    root.save(update_fields=["is_superuser"])
    assert not ToleranceCase.objects.restrict(root).exists()
    client.login(username="root", password=PASSWORD)
    assert client.get("/cadres/cases/").status_code == 403
    root.groups.add(*w.user("org_dept").groups.all())
    root = type(root).objects.get(pk=root.pk)
    assert ToleranceCase.objects.restrict(root).count() == 1
