"""Pages: confidential figures, the enterprise panel, what-if without writes, imports, exports, query budgets."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gongjian.enterprises.sections import render_sections
from gongjian.landuse.models import EvaluationResult, EvaluationRun
from gongjian.testing import PASSWORD

from . import factories


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_results_show_figures_only_with_permission(world, client):
    ev = factories.evaluation(world, state="publicity", n=8)
    top = ev.current_run().results.get(rank=1, group="above")
    login(client, world.user("supervisor"))
    page = client.get(f"/landuse/{ev.pk}/results/").content.decode()
    assert top.enterprise.name in page and str(top.total.quantize(1)).split(".")[0] in page
    assert "亩均" in page or "Tax per mu" in page
    login(client, world.user("clerk"))
    page = client.get(f"/landuse/{ev.pk}/results/").content.decode()
    assert top.enterprise.name in page
    assert "Total score" not in page and "总分" not in page
    xlsx = client.get(f"/landuse/{ev.pk}/results/?export=xlsx")
    head = [c.value for c in next(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(max_row=1))]
    assert len(head) == 9  # no figure columns for the clerk


def test_results_export_and_filters(world, client):
    ev = factories.evaluation(world, state="calculated", n=10)
    login(client, world.user("supervisor"))
    response = client.get(f"/landuse/{ev.pk}/results/?klass=A&export=xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) - 1 == ev.current_run().results.filter(klass="A").count() > 0
    assert all(r[5] == "A" for r in rows[1:])


def test_enterprise_section_explains_the_score(world, rf):
    ev = factories.evaluation(world, state="calculated", n=8)
    result = ev.current_run().results.filter(status="rated").first()
    request = rf.get("/")
    request.user = world.user("leader")
    panels = [
        p for p in render_sections(request, result.enterprise) if p["template"] == "landuse/enterprise_section.html"
    ]
    assert panels and panels[0]["figures"] is True
    assert panels[0]["results"][0].detail["indicators"][0]["indicator"] == "tax_per_mu"
    request.user = world.user("clerk")
    panel = next(p for p in render_sections(request, result.enterprise) if p["template"].startswith("landuse/"))
    assert panel["figures"] is False
    from django.template.loader import render_to_string

    html = render_to_string(panel["template"], panel)
    assert "亩均税收" not in html and result.klass in html


def test_whatif_changes_classes_without_writing(world, client):
    ev = factories.evaluation(world, state="calculated", n=20)
    login(client, world.user("supervisor"))
    runs, results = EvaluationRun.objects.count(), EvaluationResult.objects.count()
    page = client.get(f"/landuse/{ev.pk}/what-if/?share_A=50").content.decode()
    assert "would change class" in page or "将改变类别" in page
    assert (EvaluationRun.objects.count(), EvaluationResult.objects.count()) == (runs, results)
    bad = client.get(f"/landuse/{ev.pk}/what-if/?share_A=80&share_B=40").content.decode()
    assert "classes.shares" in bad


def test_import_page_reports_errors(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ev = factories.evaluation(world, state="collecting", n=1)
    login(client, world.user("unit_admin"))
    template = client.get(f"/landuse/{ev.pk}/import/tax/?template=1")
    assert template.status_code == 200 and template.content[:2] == b"PK"
    response = client.post(f"/landuse/{ev.pk}/import/tax/", {"file": SimpleUploadedFile("x.xlsx", b"not excel")})
    assert response.status_code == 400


def test_workflow_buttons(world, client):
    ev = factories.evaluation(world, state="confirming", n=6)
    login(client, world.user("supervisor"))
    assert client.post(f"/landuse/{ev.pk}/do/calculate/").status_code == 302
    ev.refresh_from_db()
    assert ev.status == "calculated"
    page = client.get(f"/landuse/{ev.pk}/").content.decode()
    assert "action-publicity" in page


@pytest.mark.parametrize("page", ["LIST", "RESULTS", "DETAIL", "PLOTS", "INUSE"])
def test_query_count_does_not_grow_with_rows(world, client, page):
    login(client, world.user("supervisor"))

    def count(ev) -> int:
        url = {
            "LIST": "/landuse/",
            "RESULTS": f"/landuse/{ev.pk}/results/",
            "DETAIL": f"/landuse/{ev.pk}/",
            "PLOTS": "/landuse/plots/",
            "INUSE": f"/landuse/{ev.pk}/in-use/",
        }[page]
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    factories.evaluation(world, year=2020, state="published", n=4)
    small_ev = factories.evaluation(world, year=2021, state="published", n=4)
    for i in range(2):
        factories.plot(world, code=f"S-{i}")
    small = count(small_ev)
    factories.evaluation(world, year=2024, state="published", n=30)
    large_ev = factories.evaluation(world, year=2025, state="published", n=30)
    for i in range(20):
        factories.plot(world, code=f"L-{i}")
    large = count(large_ev)
    assert large <= small, f"{page}: {small} queries with few rows, {large} with many"
    assert small <= 25


def test_api_hides_figures_without_permission(world):
    from rest_framework.test import APIClient

    ev = factories.evaluation(world, state="calculated", n=5)
    api = APIClient()
    api.force_authenticate(world.user("supervisor"))
    rows = api.get(f"/api/landuse-results/?evaluation={ev.pk}").json()["results"]
    assert len(rows) == 5 and "total" in rows[0]
    api.force_authenticate(world.user("clerk"))
    rows = api.get(f"/api/landuse-results/?evaluation={ev.pk}").json()["results"]
    assert len(rows) == 5 and "total" not in rows[0] and "detail" not in rows[0] and rows[0]["klass"]


def test_inputs_page_and_confirmation(world, client):
    ev = factories.evaluation(world, state="confirming", n=3)
    inp = ev.inputs.first()
    login(client, world.user("unit_admin"))
    page = client.get(f"/landuse/{ev.pk}/figures/").content.decode()
    assert f'id="confirm-{inp.pk}"' in page and inp.enterprise.credit_code in page
    assert client.post(f"/landuse/figures/{inp.pk}/confirm/").status_code == 302
    inp.refresh_from_db()
    assert inp.status == "confirmed" and inp.confirmed_at is not None
    login(client, world.user("clerk"))
    assert client.get(f"/landuse/{ev.pk}/figures/").status_code == 403


def test_the_calculate_button_runs_the_evaluation_as_a_job(world, client, settings):
    from gongjian.core import jobs
    from gongjian.core.models import Job

    settings.GONGJIAN_JOBS_IMMEDIATE = False
    ev = factories.evaluation(world, state="confirming", n=6)
    login(client, world.user("clerk"))
    assert client.post(f"/landuse/{ev.pk}/do/calculate/").status_code in (403, 404)  # refused in the request
    login(client, world.user("supervisor"))
    response = client.post(f"/landuse/{ev.pk}/do/calculate/")
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/" and job.kind == "landuse.calculate"
    ev.refresh_from_db()
    assert ev.status == "confirming" and not EvaluationRun.objects.exists()  # nothing calculated in the request
    jobs.run_pending()
    ev.refresh_from_db()
    job.refresh_from_db()
    assert ev.status == "calculated" and job.status == "done" and job.done == job.total == 6
    assert job.result["url"] == ev.get_absolute_url()
    assert EvaluationResult.objects.filter(run__evaluation=ev).count() == 6
