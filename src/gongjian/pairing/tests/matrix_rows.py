"""Permission-matrix rows of pairing (see core/tests/matrix.py)."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongjian.core.tests.matrix import ALL, BUREAU, VIEWERS, WHOLE, Row

VISIBLE = WHOLE | BUREAU  # the cadre's pairing and visit: the bureau's and the whole campaign's
HIDDEN = {"street_clerk", "nobody"}
VISITORS = {"leader", "supervisor", "cadre"}


def shared_enterprise(world):
    """One enterprise per test world, shared by the pairing and problems rows."""
    if getattr(world, "_matrix_enterprise", None) is None:
        from gongjian.enterprises.testing import make_enterprise

        world._matrix_enterprise = make_enterprise(world, name="德城纺织有限公司")
    return world._matrix_enterprise


def objects(world):
    from gongjian.pairing.models import Pairing, Visit, VisitAttachment

    ent = shared_enterprise(world)
    pairing = Pairing.objects.create(
        enterprise=ent, person=world.user("cadre"), role="cadre", start_date=dt.date(2025, 1, 1)
    )
    visit = Visit.objects.create(
        enterprise=ent, visitor=world.user("cadre"), date=dt.date(2026, 2, 10), discussed="了解用电增容需求"
    )
    att = VisitAttachment(visit=visit, name="走访记录.pdf", size=12)
    att.file.save("v.pdf", SimpleUploadedFile("v.pdf", b"%PDF-1.4 visit"), save=False)
    att.save()
    return {"enterprise": ent, "pairing": pairing, "visit": visit, "visit_attachment": att}


def _yesterday() -> str:
    return (timezone.localdate() - dt.timedelta(days=1)).isoformat()


def _pairing_data(w, o):
    return {
        "enterprise": o["enterprise"].pk,
        "person": w.user("leader").pk,
        "role": "leader",
        "start_date": "2026-03-01",
    }


def _never_visited(w) -> str:
    """The API's gaps asked for a pairing of the cadre's never visited (made by the row, so no other list
    changes): listed for those who see the cadre's pairings, empty for the street's clerk."""
    from gongjian.enterprises.testing import make_enterprise
    from gongjian.pairing.models import Pairing

    ent = make_enterprise(w, name="从未走访纺织有限公司")
    start = timezone.localdate() - dt.timedelta(days=1)
    Pairing.objects.create(enterprise=ent, person=w.user("cadre"), role="cadre", start_date=start)
    return "/api/pairing-gaps/?kind=not_visited&q=从未走访"


def _visit_data(w, o):
    return {"enterprise": o["enterprise"].pk, "date": _yesterday(), "discussed": "座谈企业用工情况"}


MATRIX = [
    Row("pairing:pairing_list", lambda w, o: "/pairing/", VIEWERS),
    Row("pairing:pairing_add", lambda w, o: "/pairing/add/", {"supervisor"}),
    Row("pairing:pairing_add", lambda w, o: "/pairing/add/", {"supervisor"}, method="post", data=_pairing_data),
    Row("pairing:pairing_edit", lambda w, o: f"/pairing/{o['pairing'].pk}/edit/", {"supervisor"}, HIDDEN),
    Row("pairing:pairing_delete", lambda w, o: f"/pairing/{o['pairing'].pk}/delete/", {"supervisor"}, HIDDEN),
    Row("pairing:mine", lambda w, o: "/pairing/mine/", VIEWERS),
    Row("pairing:coverage", lambda w, o: "/pairing/coverage/", VIEWERS),
    Row("pairing:coverage", lambda w, o: f"/pairing/coverage/?kind=unpaired&unit={w.street.pk}&q=纺织", VIEWERS),
    Row("pairing:coverage", lambda w, o: "/pairing/coverage/?export=unpaired", VIEWERS),
    Row("pairing:visit_list", lambda w, o: "/pairing/visits/", VIEWERS),
    Row("pairing:visit_add", lambda w, o: "/pairing/visits/add/", VISITORS),
    Row("pairing:visit_add", lambda w, o: "/pairing/visits/add/", VISITORS, method="post", data=_visit_data),
    Row("pairing:visit_detail", lambda w, o: f"/pairing/visits/{o['visit'].pk}/", VISIBLE, HIDDEN),
    Row("pairing:visit_delete", lambda w, o: f"/pairing/visits/{o['visit'].pk}/delete/", {"supervisor"}, HIDDEN),
    Row(
        "pairing:visit_attachment",
        lambda w, o: f"/pairing/visit-attachments/{o['visit_attachment'].pk}/",
        VISIBLE,
        HIDDEN,
    ),
]

API_MATRIX = [
    Row("api:pairing-list", lambda w, o: "/api/pairings/", VISIBLE, HIDDEN),
    Row("api:pairing-list", lambda w, o: "/api/pairings/", {"supervisor"}, method="post", data=_pairing_data),
    Row("api:pairing-detail", lambda w, o: f"/api/pairings/{o['pairing'].pk}/", VISIBLE, HIDDEN),
    Row(
        "api:pairing-detail",
        lambda w, o: f"/api/pairings/{o['pairing'].pk}/",
        {"supervisor"},
        HIDDEN,
        method="patch",
        data=lambda w, o: {"note": "重点联系"},
    ),
    # 包保 gaps: the registry's unpaired enterprises for every business role, the pairings within each one's scope
    Row("api:pairinggap-list", lambda w, o: "/api/pairing-gaps/?kind=unpaired", VIEWERS),
    Row("api:pairinggap-list", lambda w, o: _never_visited(w), VISIBLE, {"street_clerk"}),
    Row("api:visit-list", lambda w, o: "/api/visits/", VISIBLE, HIDDEN),
    Row("api:visit-list", lambda w, o: "/api/visits/", VISITORS, method="post", data=_visit_data),
    Row("api:visit-detail", lambda w, o: f"/api/visits/{o['visit'].pk}/", VISIBLE, HIDDEN),
]

assert ALL  # imported for symmetry with other modules' rows
