from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProblemsConfig(AppConfig):
    name = "gongjian.problems"
    label = "problems"
    verbose_name = _("Problem ledger")

    def ready(self):
        from gongjian.core.registry import register_synth_part

        from . import synth

        register_synth_part("problems", synth.run)
        from gongjian.core.context_processors import NAV
        from gongjian.core.registry import (
            register_audit_actions,
            register_demo,
            register_light_source,
            register_my_work,
        )
        from gongjian.enterprises.sections import register_enterprise_section
        from gongjian.org.roles import register_role_permissions
        from gongjian.pairing.hooks import register_problem_hooks

        from . import demo, lights, my_work, queries, sections
        from .choices import ProblemAction
        from .roles import PROBLEM_ROLE_PERMISSIONS

        register_role_permissions(PROBLEM_ROLE_PERMISSIONS)
        register_my_work(my_work.problems_to_handle)
        register_my_work(my_work.problems_to_supervise)
        register_enterprise_section(sections.problems_section)
        register_problem_hooks(
            open_problems=queries.open_problems_of_enterprise, visit_problems=queries.problems_of_visit
        )
        register_light_source("problem", lights.problem_lights)
        register_demo(demo.load_demo)
        entry = ("problems:problem_list", _("Problems"), "problems.view_problem")
        if entry not in NAV:
            NAV.append(entry)
        register_audit_actions({f"problem.{a.value}": a.label for a in ProblemAction})
        register_audit_actions({"problem_category.save": _("saved a problem category")})
