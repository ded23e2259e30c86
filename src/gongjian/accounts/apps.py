from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gongjian.accounts"
    label = "accounts"
    verbose_name = _("Accounts and security")

    def ready(self):
        from gongjian.core.context_processors import NAV
        from gongjian.core.registry import register_audit_actions

        from . import signals  # noqa: F401 - connects the login receivers

        NAV.append(("accounts:locks", _("Security"), "accounts.view_loginlock"))
        register_audit_actions(
            {
                "auth.password_reset": _("reset the password"),
                "auth.address_locked": _("address locked after failed logins"),
                "auth.unlock": _("lifted a login lock"),
                "auth.sessions_ended": _("ended the sessions"),
                "auth.session_idle": _("session ended: idle too long"),
                "auth.session_absolute": _("session ended: open too long"),
                "auth.session_mfa": _("session ended: second factor missing"),
                "auth.superuser_refused": _("superuser login refused"),
                "auth.token_revoked": _("revoked an API token"),
                "auth.mfa_enrolled": _("set up the second factor"),
                "auth.mfa_failed": _("entered a wrong second-factor code"),
                "auth.mfa_recovery_codes": _("made new recovery codes"),
                "auth.mfa_disabled": _("switched off the second factor"),
                "auth.stepup_failed": _("entered a wrong password to confirm a change"),
                "auth.breakglass_issued": _("issued a break-glass login"),
                "auth.breakglass_login": _("logged in through break-glass"),
            }
        )
