"""Every action the UI offers exists in the API (issue 17, "a complete API").

The UI's actions are the URL patterns whose view accepts POST (every page that changes something). Each is listed
below with the API operation(s) that do the same thing, taken from the OpenAPI schema drf-spectacular generates;
or in :data:`UI_ONLY`, with the reason it has no API; or, while it is still missing, in :data:`NOT_YET_IN_API`.
A new page that writes and is in none of these fails the test, and so does a listed operation the schema no
longer has, or a listed page that no longer exists or no longer writes.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

#: UI action (URL name) → the API operations ("METHOD /api/path/") that do the same.
UI_TO_API: dict[str, tuple[str, ...]] = {
    "accounts:user_roles": ("POST /api/users/{id}/roles/",),
    "accounts:lock_lift": ("POST /api/login-locks/{id}/lift/",),
    "accounts:tokens": ("POST /api/auth/token/",),
    "accounts:token_revoke": ("POST /api/tokens/{id}/revoke/",),
    "campaigns:campaign_add": ("POST /api/campaigns/",),
    "campaigns:campaign_edit": ("PATCH /api/campaigns/{id}/",),
    "campaigns:area_add": ("POST /api/areas/",),
    "campaigns:area_edit": ("PATCH /api/areas/{id}/",),
    "campaigns:area_delete": ("DELETE /api/areas/{id}/",),
    "campaigns:item_add": ("POST /api/items/",),
    "campaigns:item_edit": ("PATCH /api/items/{id}/",),
    "campaigns:item_delete": ("DELETE /api/items/{id}/",),
    "campaigns:item_import": ("POST /api/imports/items/",),
    "campaigns:milestone_add": ("POST /api/milestones/",),
    "campaigns:milestone_edit": ("PATCH /api/milestones/{id}/",),
    "campaigns:milestone_record": ("POST /api/milestones/{id}/record/",),
    "campaigns:milestone_delete": ("DELETE /api/milestones/{id}/",),
    "campaigns:report_submit": ("POST /api/reports/",),
    "campaigns:report_accept": ("POST /api/reports/{id}/accept/",),
    "campaigns:report_return": ("POST /api/reports/{id}/return/",),
    "campaigns:leaderaction_add": ("POST /api/leader-actions/",),
    "campaigns:leaderaction_delete": ("DELETE /api/leader-actions/{id}/",),
    "enterprises:add": ("POST /api/enterprises/",),
    "enterprises:edit": ("PATCH /api/enterprises/{id}/",),
    "enterprises:figures": ("POST /api/enterprise-figures/", "PATCH /api/enterprise-figures/{id}/"),
    "enterprises:import": ("POST /api/imports/enterprises/",),
    "enterprises:figures_import": ("POST /api/imports/enterprise-figures/",),
    "buildings:building_add": ("POST /api/buildings/",),
    "buildings:building_edit": ("PATCH /api/buildings/{id}/",),
    "buildings:building_delete": ("DELETE /api/buildings/{id}/",),
    "buildings:space_add": ("POST /api/spaces/",),
    "buildings:space_edit": ("PATCH /api/spaces/{id}/",),
    "buildings:space_delete": ("DELETE /api/spaces/{id}/",),
    "buildings:tenancy_add": ("POST /api/tenancies/",),
    "buildings:tenancy_edit": ("PATCH /api/tenancies/{id}/",),
    "buildings:tenancy_delete": ("DELETE /api/tenancies/{id}/",),
    "buildings:plan_add": ("POST /api/building-plans/",),
    "buildings:plan_edit": ("PATCH /api/building-plans/{id}/",),
    "buildings:plan_progress": ("POST /api/building-plans/{id}/progress/",),
    "buildings:replacement_add": ("POST /api/building-replacements/",),
    "buildings:survey_import": ("POST /api/imports/building-survey/",),
    "indicators:indicator_add": ("POST /api/indicators/",),
    "indicators:indicator_edit": ("PATCH /api/indicators/{id}/",),
    "indicators:indicator_delete": ("DELETE /api/indicators/{id}/",),
    "indicators:actual_enter": ("POST /api/actuals/",),
    "indicators:actual_accept": ("POST /api/actuals/{id}/accept/",),
    "indicators:actual_return": ("POST /api/actuals/{id}/return/",),
    "indicators:actual_import": ("POST /api/imports/actuals/",),
    "indicators:planned_edit": ("POST /api/indicators/{id}/plan/",),
    "indicators:benchmark_add": ("POST /api/benchmarks/",),
    "indicators:benchmark_delete": ("DELETE /api/benchmarks/{id}/",),
    "pairing:pairing_add": ("POST /api/pairings/",),
    "pairing:pairing_edit": ("PATCH /api/pairings/{id}/",),
    "pairing:pairing_delete": ("DELETE /api/pairings/{id}/",),
    "pairing:visit_add": ("POST /api/visits/",),
    "pairing:visit_delete": ("DELETE /api/visits/{id}/",),
    "problems:problem_add": ("POST /api/problems/",),
    "supervision:delivery_resend": ("POST /api/deliveries/{id}/resend/",),
    "supervision:supervision_add": ("POST /api/supervisions/",),
    "supervision:supervision_reply": ("POST /api/supervisions/{id}/reply/",),
    "supervision:supervision_close": ("POST /api/supervisions/{id}/close/",),
    "supervision:subscription_add": ("POST /api/webhooks/",),
    "supervision:subscription_edit": ("PATCH /api/webhooks/{id}/",),
    "supervision:subscription_rotate": ("POST /api/webhooks/{id}/rotate-secret/",),
    "cadres:case_add": ("POST /api/tolerance-cases/",),
    "cadres:case_edit": ("PATCH /api/tolerance-cases/{id}/",),
    "cadres:note_add": ("POST /api/field-notes/",),
    "cadres:commendation_add": ("POST /api/commendations/",),
    "cadres:accountability_add": ("POST /api/accountability-records/",),
    "bulletins:bulletin_list": ("POST /api/bulletins/",),  # the list page's form drafts a month's bulletin
    "bulletins:bulletin_edit": ("PATCH /api/bulletins/{id}/",),
    "bulletins:bulletin_refresh": ("POST /api/bulletins/{id}/refresh/",),
    "bulletins:bulletin_submit": ("POST /api/bulletins/{id}/submit/",),
    "bulletins:bulletin_return": ("POST /api/bulletins/{id}/return/",),
    "bulletins:bulletin_issue": ("POST /api/bulletins/{id}/issue/",),
    "bulletins:bulletin_correct": ("POST /api/bulletins/",),  # a draft with ``corrects``
    "bulletins:letter_add": ("POST /api/letters/",),
    "landuse:plot_import": ("POST /api/imports/land-plots/",),
    "landuse:plot_add": ("POST /api/landuse-plots/",),
    "landuse:plot_edit": ("PATCH /api/landuse-plots/{id}/",),
    "landuse:disposal_add": ("POST /api/landuse-disposals/",),
    "landuse:disposal_edit": ("PATCH /api/landuse-disposals/{id}/",),
    "landuse:input_import": ("POST /api/imports/landuse-inputs/",),
}


def _problem_actions():
    from gongjian.problems.workflow import ACTIONS

    return ACTIONS


def _case_actions():
    from gongjian.cadres.views import ACTIONS

    return tuple(ACTIONS)


#: UI actions with one page and a slug per workflow step: each step is its own API operation.
SLUG_ACTIONS: dict[str, tuple] = {
    "problems:problem_action": (_problem_actions, "POST /api/problems/{{id}}/{slug}/"),
    "cadres:case_action": (_case_actions, "POST /api/tolerance-cases/{{id}}/{slug}/"),
}

#: Steps of those pages that the API does not offer yet (known gaps; remove a line when its operation exists).
NOT_YET_STEPS = {
    "cadres:case_action:attach": "an attachment to a 容错免责 case: the API takes no files on cases yet",
}

#: What only a person in a browser does: no system integrates by it.
UI_ONLY: dict[str, str] = {
    # The login, the second factor and the password are the browser session's; the API authenticates with a
    # token (POST /api/auth/token/ takes the password and the second factor) and is never logged in.
    "login": "the browser's login; the API's is POST /api/auth/token/",
    "logout": "ends the browser session; an API token is revoked with POST /api/tokens/{id}/revoke/",
    "password_change": "a person changes their own password in the browser (step-up, history); an administrator's "
    "reset is POST /api/users/{id}/password/",
    "accounts:sessions": "ends the person's other browser sessions",
    "accounts:otp_verify": "second factor at the browser's login",
    "accounts:otp_setup": "enrolling an authenticator app needs the person and their phone",
    "accounts:recovery_codes": "recovery codes are shown once to the person",
    "accounts:otp_disable": "the person's own second factor, with step-up",
    "accounts:breakglass": "the emergency superuser login, by design in person only",
    "set_language": "the browser's language",
    "supervision:inbox_read": "marks a notification read in the person's inbox",
    "supervision:inbox_read_all": "marks the person's inbox read",
    "plantext:new": "plan-from-text: a person pastes a document and reviews the draft on screen",
    "plantext:review": "plan-from-text: the on-screen review of the draft",
    "plantext:merge_targets": "plan-from-text: the on-screen review of the draft",
}

#: UI actions the API does not offer yet: each a known gap (issue 17), to be removed from here when its operation
#: exists. The test does not fail on them, but it fails on any new page that writes and is listed nowhere.
NOT_YET_IN_API: dict[str, str] = {
    "enterprises:pool_add": "the cultivation pool",
    "enterprises:pool_edit": "the cultivation pool",
    "enterprises:categories": "recomputing the 规上 statuses of a year",
    "enterprises:category_edit": "四上 categories and thresholds",
    "enterprises:band_edit": "tier bands",
    "enterprises:tier_settings": "tier settings",
    "indicators:from_plan": "indicators from a plan draft",
    "supervision:rules_edit": "the warning rules of a campaign",
    "supervision:webhook_add": "企业微信 / 钉钉 robots",
    "supervision:webhook_edit": "企业微信 / 钉钉 robots",
    "supervision:webhook_test": "企业微信 / 钉钉 robots",
    "landuse:evaluation_add": "the 亩产 evaluation workflow",
    "landuse:evaluation_edit": "the 亩产 evaluation workflow",
    "landuse:evaluation_action": "the 亩产 evaluation workflow",
    "landuse:input_confirm": "the 亩产 evaluation workflow",
    "landuse:appeal_add": "亩产 appeals",
    "landuse:appeal_decide": "亩产 appeals",
    "landuse:policy_add": "policies by class",
    "landuse:policy_edit": "policies by class",
    "landuse:exitplan_add": "exit plans",
    "landuse:exitplan_edit": "exit plans",
}

#: Function views that only show a page (GET): not actions.
READ_ONLY_FUNCTION_VIEWS = {"core:home", "public:index", "public:bulletin_file"}


def _patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if str(p.pattern).startswith(("admin/", "api/")):
                continue
            yield from _patterns(p, f"{namespace}{p.namespace}:" if p.namespace else namespace)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", p.callback


def ui_actions() -> set[str]:
    """URL names of the pages that accept POST (a class-based view with ``post``; a function view unless listed as
    read-only)."""
    out = set()
    for name, callback in _patterns():
        view_class = getattr(callback, "view_class", None)
        if view_class is None:
            if name not in READ_ONLY_FUNCTION_VIEWS:
                out.add(name)
        elif hasattr(view_class, "post") and "post" in view_class.http_method_names:
            out.add(name)
    return out


@pytest.fixture(scope="module")
def operations() -> set[str]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}


def test_every_ui_action_has_an_api_operation_or_a_reason():
    listed = set(UI_TO_API) | set(SLUG_ACTIONS) | set(UI_ONLY) | set(NOT_YET_IN_API)
    missing = sorted(ui_actions() - listed)
    assert missing == [], f"pages that write without an API operation (add one, or say why in UI_ONLY): {missing}"


def test_every_listed_page_exists_and_writes():
    listed = set(UI_TO_API) | set(SLUG_ACTIONS) | set(UI_ONLY) | set(NOT_YET_IN_API)
    assert sorted(listed - ui_actions()) == []
    # a page is listed once: mapped, UI-only or a gap
    names = [*UI_TO_API, *SLUG_ACTIONS, *UI_ONLY, *NOT_YET_IN_API]
    assert len(names) == len(set(names))


def test_every_mapped_operation_is_in_the_schema(operations):
    absent = sorted({op for ops in UI_TO_API.values() for op in ops} - operations)
    assert absent == [], f"operations named here but not in the OpenAPI schema: {absent}"


@pytest.mark.parametrize("name", sorted(SLUG_ACTIONS))
def test_every_workflow_step_has_its_operation(operations, name):
    steps, template = SLUG_ACTIONS[name]
    missing = []
    for step in steps():
        op = template.format(slug=step.replace("_", "-"))
        if op not in operations and f"{name}:{step}" not in NOT_YET_STEPS:
            missing.append(op)
    assert missing == []
    stale = [k for k in NOT_YET_STEPS if k.startswith(name + ":") and k.rsplit(":", 1)[1] not in steps()]
    assert stale == []
