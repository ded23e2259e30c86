from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, using="default", apps=None, **kwargs):
    """After migrate: make sure every app's permissions exist, then set the role groups to the matrix."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    from .roles import sync_roles

    sync_roles()


class OrgConfig(AppConfig):
    name = "gongjian.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self):
        from gongjian.core.registry import register_synth_part

        from . import synth

        register_synth_part("org", synth.run)
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="gongjian.org.sync_roles")
        from gongjian.core.registry import register_audit_actions

        register_audit_actions(
            {
                "unit.create": _("created the unit"),
                "unit.update": _("changed the unit"),
                "user.create": _("created the user"),
                "user.update": _("changed the user"),
                "user.roles": _("changed the roles"),
                "auth.login": _("logged in"),
                "auth.logout": _("logged out"),
                "auth.login_failed": _("failed to log in"),
                "auth.login_locked": _("login refused: account locked"),
                "auth.locked": _("account locked after failed logins"),
                "auth.token": _("obtained an API token"),
                "auth.password_change": _("changed the password"),
            }
        )
