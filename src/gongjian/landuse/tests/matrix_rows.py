"""The land-use pages in the role × page permission matrix (core/tests/test_permission_matrix.py)."""

from gongjian.core.tests.matrix import VIEWERS, Row

from . import factories

RUN = {"supervisor", "sysadmin"}
DEPARTMENT = RUN | {"unit_admin"}
FIGURES = {"leader", "supervisor", "sysadmin", "unit_admin"}
APPEAL = DEPARTMENT | {"clerk", "street_clerk"}
HIDDEN = {"nobody"}


def objects(world):
    published = factories.evaluation(world, year=2024, state="published", n=6)
    collecting = factories.evaluation(world, year=2026, state="collecting", n=3)
    publicity = factories.evaluation(world, year=2025, state="publicity", n=6)
    from gongjian.core.services import Actor
    from gongjian.landuse import services

    result = publicity.current_run().results.filter(status="rated").select_related("enterprise").first()
    appeal = services.file_appeal(Actor.system(world.user("supervisor")), publicity, result.enterprise, "数据有误")
    return {
        "lu_published": published,
        "lu_collecting": collecting,
        "lu_publicity": publicity,
        "lu_appeal": appeal,
        "lu_plot": factories.plot(world),
    }


MATRIX = [
    Row("landuse:evaluation_list", lambda w, o: "/landuse/", VIEWERS),
    Row("landuse:evaluation_add", lambda w, o: "/landuse/add/", RUN),
    Row(
        "landuse:evaluation_add",
        lambda w, o: "/landuse/add/",
        RUN,
        method="post",
        data=lambda w, o: {
            "year": 2030,
            "district_name": "全区",
            "publicity_days": 5,
            "parks_text": "",
            "rules_text": "",
        },
    ),
    Row("landuse:evaluation_detail", lambda w, o: f"/landuse/{o['lu_publicity'].pk}/", VIEWERS, HIDDEN),
    Row("landuse:evaluation_edit", lambda w, o: f"/landuse/{o['lu_collecting'].pk}/edit/", RUN, HIDDEN),
    Row(
        "landuse:evaluation_action",
        lambda w, o: f"/landuse/{o['lu_collecting'].pk}/do/review/",
        DEPARTMENT,
        HIDDEN,
        method="post",
        data=lambda w, o: {},
    ),
    Row("landuse:result_list", lambda w, o: f"/landuse/{o['lu_publicity'].pk}/results/", VIEWERS, HIDDEN),
    Row("landuse:input_import", lambda w, o: f"/landuse/{o['lu_collecting'].pk}/import/tax/", DEPARTMENT),
    Row("landuse:appeal_add", lambda w, o: f"/landuse/{o['lu_publicity'].pk}/appeals/add/", APPEAL),
    Row(
        "landuse:appeal_decide",
        lambda w, o: f"/landuse/appeals/{o['lu_appeal'].pk}/decide/",
        RUN,
        HIDDEN,
        method="post",
        data=lambda w, o: {"upheld": "0", "decision": "经核实数据无误"},
    ),
    Row("landuse:results_in_use", lambda w, o: f"/landuse/{o['lu_published'].pk}/in-use/", VIEWERS),
    Row("landuse:supplier_export", lambda w, o: f"/landuse/{o['lu_published'].pk}/utilities.xlsx", VIEWERS),
    Row("landuse:whatif", lambda w, o: f"/landuse/{o['lu_published'].pk}/what-if/?share_A=30", FIGURES),
    Row("landuse:plot_list", lambda w, o: "/landuse/plots/", VIEWERS),
    Row("landuse:plot_add", lambda w, o: "/landuse/plots/add/", RUN),
    Row("landuse:plot_import", lambda w, o: "/landuse/plots/import/", RUN),
    Row("landuse:plot_template", lambda w, o: "/landuse/plots/import/template/", RUN),
    # An error report belongs to the session that made it: for every other session it does not exist.
    Row("landuse:plot_import_errors", lambda w, o: "/landuse/plots/import/errors/" + "0" * 32 + "/", set(), RUN),
    Row("landuse:plot_detail", lambda w, o: f"/landuse/plots/{o['lu_plot'].pk}/", VIEWERS, HIDDEN),
    Row("landuse:plot_edit", lambda w, o: f"/landuse/plots/{o['lu_plot'].pk}/edit/", RUN, HIDDEN),
]


def _more(world):
    import datetime as dt

    from gongjian.core.services import Actor
    from gongjian.landuse import services

    actor = Actor.system(world.user("supervisor"))
    policy = services.save_policy(actor, year=2024, klass="A", policy_type="land", value="优先保障")
    plot = factories.plot(world, code="P-EXIT")
    disposal = services.save_disposal(actor, plot=plot, method="recover")
    return {"lu_policy": policy, "lu_disposal": disposal, "lu_plot2": plot, "lu_day": dt.date(2026, 12, 31)}


_objects_base = objects


def objects(world):
    objs = _objects_base(world)
    objs.update(_more(world))
    published = objs["lu_published"]
    d = published.current_run().results.filter(klass="D").select_related("enterprise").first()
    from gongjian.core.services import Actor
    from gongjian.landuse import services

    objs["lu_exit"] = services.save_exit_plan(
        Actor.system(world.user("supervisor")), evaluation=published, enterprise=d.enterprise, plan="技改提升"
    )
    return objs


MATRIX += [
    Row("landuse:policy_add", lambda w, o: "/landuse/policies/add/?year=2024", RUN),
    Row("landuse:policy_edit", lambda w, o: f"/landuse/policies/{o['lu_policy'].pk}/edit/", RUN, HIDDEN),
    Row("landuse:exitplan_add", lambda w, o: f"/landuse/{o['lu_published'].pk}/exit-plans/add/", RUN, HIDDEN),
    Row("landuse:exitplan_edit", lambda w, o: f"/landuse/exit-plans/{o['lu_exit'].pk}/edit/", RUN, HIDDEN),
    Row("landuse:disposal_add", lambda w, o: f"/landuse/plots/{o['lu_plot2'].pk}/disposals/add/", RUN, HIDDEN),
    Row("landuse:disposal_edit", lambda w, o: f"/landuse/disposals/{o['lu_disposal'].pk}/edit/", RUN, HIDDEN),
    Row(
        "landuse:disposal_add",
        lambda w, o: f"/landuse/plots/{o['lu_plot2'].pk}/disposals/add/",
        RUN,
        HIDDEN,
        method="post",
        data=lambda w, o: {"method": "swap", "status": "planned", "progress": "洽谈中", "disposed_area_mu": "5"},
    ),
]

API_MATRIX = [
    Row("api:landuse-evaluation-list", lambda w, o: "/api/landuse-evaluations/", VIEWERS, HIDDEN),
    Row(
        "api:landuse-evaluation-detail",
        lambda w, o: f"/api/landuse-evaluations/{o['lu_published'].pk}/",
        VIEWERS,
        HIDDEN,
    ),
    Row("api:landuse-result-list", lambda w, o: "/api/landuse-results/", VIEWERS, HIDDEN),
    Row(
        "api:landuse-result-detail",
        lambda w, o: f"/api/landuse-results/{o['lu_published'].current_run().results.first().pk}/",
        VIEWERS,
        HIDDEN,
    ),
    Row("api:landuse-plot-list", lambda w, o: "/api/landuse-plots/", VIEWERS, HIDDEN),
    Row("api:landuse-plot-detail", lambda w, o: f"/api/landuse-plots/{o['lu_plot'].pk}/", VIEWERS, HIDDEN),
    Row(
        "api:landuse-plot-list",
        lambda w, o: "/api/landuse-plots/",
        RUN,
        method="post",
        data=lambda w, o: {"code": "MATRIX-1", "area_mu": "12", "agreed_start_on": "2024-01-01"},
    ),
    Row(
        "api:landuse-plot-detail",
        lambda w, o: f"/api/landuse-plots/{o['lu_plot'].pk}/",
        RUN,
        HIDDEN,
        method="patch",
        data=lambda w, o: {"use": "仓储"},
    ),
    Row("api:landuse-disposal-list", lambda w, o: "/api/landuse-disposals/", VIEWERS, HIDDEN),
    Row("api:landuse-disposal-detail", lambda w, o: f"/api/landuse-disposals/{o['lu_disposal'].pk}/", VIEWERS, HIDDEN),
    Row(
        "api:landuse-disposal-list",
        lambda w, o: "/api/landuse-disposals/",
        RUN,
        method="post",
        data=lambda w, o: {"plot": o["lu_plot2"].pk, "method": "swap", "status": "planned", "progress": "洽谈中"},
    ),
    Row(
        "api:landuse-disposal-detail",
        lambda w, o: f"/api/landuse-disposals/{o['lu_disposal'].pk}/",
        RUN,
        HIDDEN,
        method="patch",
        data=lambda w, o: {"progress": "已签约"},
    ),
    # POST without a file: whoever may import is told what is missing (400); nobody else learns more (403).
    Row(
        "api:import-land-plots-list",
        lambda w, o: "/api/imports/land-plots/",
        set(),
        method="post",
        data=lambda w, o: {},
        special={r: "invalid" for r in RUN},
    ),
    Row(
        "api:import-landuse-inputs-list",
        lambda w, o: "/api/imports/landuse-inputs/",
        set(),
        method="post",
        data=lambda w, o: {},
        special={r: "invalid" for r in DEPARTMENT},
    ),
]

MATRIX += [
    Row("landuse:input_list", lambda w, o: f"/landuse/{o['lu_publicity'].pk}/figures/", FIGURES),
    Row(
        "landuse:input_confirm",
        lambda w, o: f"/landuse/figures/{o['lu_publicity'].inputs.first().pk}/confirm/",
        DEPARTMENT,
        HIDDEN | {"clerk", "cadre", "viewer", "street_clerk"},
        method="post",
        data=lambda w, o: {},
    ),
]
