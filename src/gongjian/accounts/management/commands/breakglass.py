"""gongjian breakglass USERNAME --reason TEXT: a one-time login code for the superuser (audited)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongjian.accounts.breakglass import issue
from gongjian.org.models import User


class Command(BaseCommand):
    help = "Issue a one-time, time-limited login code for a superuser (the only way a superuser logs in in production)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reason", required=True, help="why the superuser must log in (kept in the audit log)")

    def handle(self, *args, username, reason, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no account named {username!r}")
        try:
            grant, code = issue(user, reason)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        until = timezone.localtime(grant.expires_at)
        self.stdout.write(f"code: {code}")
        self.stdout.write(f"valid once, until {until:%Y-%m-%d %H:%M}, at /accounts/breakglass/")
