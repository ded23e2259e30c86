from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinsConfig(AppConfig):
    name = "gongjian.bulletins"
    label = "bulletins"
    verbose_name = _("Bulletins")

    def ready(self):
        from gongjian.core.context_processors import NAV, NAV_GROUPS
        from gongjian.core.registry import register_audit_actions, register_bench, register_demo, register_job
        from gongjian.org.roles import register_role_permissions

        from . import bench, demo, jobs
        from .choices import BulletinAction
        from .roles import ROLE_PERMISSIONS

        register_role_permissions(ROLE_PERMISSIONS)
        register_demo(demo.load_demo)
        register_bench(bench.scenarios)
        register_job(jobs.ISSUE_JOB, jobs.TITLE, jobs.run_issue)
        entry = ("bulletins:bulletin_list", _("Bulletins"), "bulletins.view_bulletin")
        if entry not in NAV:
            NAV.append(entry)
        # Bulletins and letters sit in the Supervision menu of the navigation bar.
        for i, (label, prefixes) in enumerate(NAV_GROUPS):
            if "supervision:" in prefixes and "bulletins:" not in prefixes:
                NAV_GROUPS[i] = (label, (*prefixes, "bulletins:"))
        register_audit_actions({f"bulletin.{a.value}": a.label for a in BulletinAction})
        register_audit_actions(
            {
                "bulletin.issuer": _("saved an issuing organisation"),
                "bulletin.public": _("published a campaign on the public page"),
                "bulletin.unpublish": _("withdrew a campaign from the public page"),
            }
        )
