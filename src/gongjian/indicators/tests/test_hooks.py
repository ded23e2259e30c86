"""Indicators reach supervision's daily run and plantext's drafts only through the hooks they register."""

import pytest
from django.core.management import CommandError, call_command

from gongjian.indicators import hooks
from gongjian.plantext.models import PlanDraft
from gongjian.supervision import command as supervision_command


def test_supervision_registers_the_daily_run_as_a_warnings_subcommand():
    run = hooks.warnings_subcommands["run"]
    assert run.run is supervision_command.run_command
    assert run.add_arguments is supervision_command.add_run_arguments


def test_without_a_registered_subcommand_only_explain_is_offered(monkeypatch):
    monkeypatch.setattr(hooks, "warnings_subcommands", {})
    with pytest.raises(CommandError, match="invalid choice: 'run'"):
        call_command("warnings", "run")


def test_plan_drafts_come_from_plantext_or_none(monkeypatch, db, django_user_model):
    user = django_user_model.objects.create_user(username="drafter", password="x")
    assert hooks.plan_drafts(user).model is PlanDraft
    monkeypatch.setattr(hooks, "_plan_drafts", {})
    assert hooks.plan_drafts(user) is None
