"""The demo's cadre side: cases in each state tied to the stored colours, notes, two commendations, a 约谈;
the pages render for 组织部 and 纪检监察 and stay closed to the others."""

import pytest

from gongjian.cadres.models import Accountability, Commendation, FieldNote, ToleranceCase
from gongjian.demo.data import PASSWORD
from gongjian.supervision.models import ColourRecord


def test_cases_in_every_state_on_the_demo_warnings(demo):
    states = set(ToleranceCase.objects.values_list("state", flat=True))
    assert states == {"applied", "accepted", "not_accepted", "reviewed", "decided"}
    assert set(ToleranceCase.objects.filter(state="decided").values_list("outcome", flat=True)) == {
        "exempted",
        "partly",
    }
    for case in ToleranceCase.objects.select_related("colour_record", "applicant"):
        assert case.colour_record.colour in ("red", "yellow")
        assert case.colour_record.unit_id == case.applicant.unit_id  # a unit applies for its own warning
    assert FieldNote.objects.count() >= 3
    assert Commendation.objects.count() == 2
    for c in Commendation.objects.all():
        key = {"unit": c.unit_id} if c.unit_id else {"leader": c.person_id}
        records = ColourRecord.objects.filter(current=True, **key).exclude(source="rollup")  # as the rankings count
        colours = set(records.values_list("colour", flat=True))
        assert colours and not colours & {"red", "yellow"}  # commended: green, no red
    held = Accountability.objects.get()
    assert held.colour_record.colour == "red"


@pytest.mark.parametrize(
    ("username", "ok"),
    [("zzb_kaocha", True), ("jiwei", True), ("ducha", False), ("quzhang", False), ("admin", False)],
)
def test_pages_render_for_the_two_roles_only(demo, client, username, ok):
    assert client.login(username=username, password=PASSWORD)
    case = ToleranceCase.objects.filter(state="decided").first()
    leader = case.colour_record.leader or case.applicant
    urls = ["/cadres/cases/", case.get_absolute_url(), f"/cadres/records/{leader.pk}/", "/cadres/commendations/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == (200 if ok else 403), url
    ranking = client.get("/supervision/rankings/").content.decode()
    assert (case.number in ranking) == ok
