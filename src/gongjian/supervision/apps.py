from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    """督查督办: colour history, escalation, 督办, rankings, notifications and the daily warnings run."""

    name = "gongjian.supervision"
    label = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from gongjian.core.context_processors import NAV
        from gongjian.core.registry import (
            register_audit_actions,
            register_audit_fields,
            register_demo,
            register_my_work,
            register_outbound,
            register_recolour,
            register_synth_part,
        )
        from gongjian.indicators.hooks import WarningsSubcommand, register_warnings_subcommand
        from gongjian.org.roles import register_role_permissions

        from . import colours, command, demo, my_work, notify, synth
        from .choices import OUTBOUND_EVENTS, SOURCE_LABELS
        from .roles import ROLE_PERMISSIONS

        register_role_permissions(ROLE_PERMISSIONS)
        register_my_work(my_work.supervisions_to_reply)
        register_my_work(my_work.supervisions_to_close)
        register_demo(demo.load_demo)
        register_synth_part("supervision", synth.run)
        register_warnings_subcommand(
            WarningsSubcommand(
                "run", "the daily run: store colours, escalate, notify", command.add_run_arguments, command.run_command
            )
        )
        register_recolour(colours.recolour)
        register_outbound(notify.queue_outbound, notify.wants_outbound)
        register_warnings_subcommand(
            WarningsSubcommand(
                "send",
                "send pending deliveries and retry failed ones whose back-off has passed (cron, every few minutes)",
                command.add_send_arguments,
                command.send_command,
            )
        )
        for entry in (
            ("supervision:supervision_list", _("Supervision"), "supervision.view_supervision"),
            ("supervision:rankings", _("Rankings"), "supervision.view_supervision"),
        ):
            if entry not in NAV:
                NAV.append(entry)
        register_audit_actions(
            {
                "supervision.issue": _("issued a supervision (督办)"),
                "supervision.escalate": _("issued a supervision (督办) automatically"),
                "supervision.reply": _("replied to a supervision (督办)"),
                "supervision.close": _("closed a supervision (督办)"),
                "campaign_rules.update": _("changed the warning rules"),
                "webhook.create": _("added a group robot"),
                "webhook.update": _("changed a group robot"),
                "webhook.test": _("sent a test message to a group robot"),
                "subscription.create": _("added a webhook subscription"),
                "subscription.update": _("changed a webhook subscription"),
                "subscription.rotate": _("made a new secret for a webhook subscription"),
                "delivery.resend": _("sent a delivery again"),
                "warnings.run": _("ran the daily warnings"),
            }
        )
        # the daily run's summary (its audit record) in words, the counts per light source by kind of object
        register_audit_fields(
            {
                **SOURCE_LABELS,
                **{e.value: e.label for e in OUTBOUND_EVENTS},  # a webhook subscription's events
                "day": _("day"),
                "sources": _("objects judged, by kind"),
                "source_errors": _("sources that failed"),
                "colours_new": _("colours changed"),
                "colours_unchanged": _("colours unchanged"),
                "rollups_new": _("area and campaign colours changed"),
                "supervisions": _("supervisions (督办) issued"),
                "notifications": _("notifications"),
                "deliveries": _("deliveries queued"),
                "sent": _("sent"),
                "failed": _("failed"),
                "notes": _("notes"),
            }
        )
