"""Permission-matrix rows of the background jobs (see core/tests/matrix.py).

A job is its user's alone: the clerk sees their own job, every other role (the whole-campaign ones included) gets
404, as for an object outside their scope. The list is every user's own (empty for all but the clerk in the API).
"""

from __future__ import annotations

from gongjian.core.tests.matrix import ALL, Row

OWNER = {"clerk"}
OTHERS = ALL - OWNER


def objects(world):
    from gongjian.core.models import Job

    job = Job.objects.create(
        user=world.user("clerk"),
        kind="core.import",
        status=Job.Status.DONE,
        file_name="清单.xlsx",
        result={
            "ok": False,
            "error_count": 1,
            "errors": [{"row": 3, "column": "任务名称", "message": "不能为空"}],
            "warnings": [],
        },
    )
    return {"job": job}


MATRIX = [
    Row("core:job_list", lambda w, o: "/jobs/", ALL),
    Row("core:job_detail", lambda w, o: f"/jobs/{o['job'].pk}/", OWNER, OTHERS),
    Row("core:job_errors", lambda w, o: f"/jobs/{o['job'].pk}/errors/", OWNER, OTHERS),
]

API_MATRIX = [
    Row("api:job-list", lambda w, o: "/api/jobs/", OWNER, OTHERS),
    Row("api:job-detail", lambda w, o: f"/api/jobs/{o['job'].pk}/", OWNER, OTHERS),
]
