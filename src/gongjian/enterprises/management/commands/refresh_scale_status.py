"""Recompute the 规上 status of a year from the figures (for a monthly cron run after the figures arrive)."""

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongjian.core.services import Actor
from gongjian.enterprises import services
from gongjian.org.models import User


class Command(BaseCommand):
    help = (
        "Recompute every enterprise's 规上 status of a year from its figures, as the given user "
        "(who needs the permission to change statuses); one audit record for the run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, help="The year (default: this year).")
        parser.add_argument("--as", dest="username", required=True, help="The acting user's login name.")

    def handle(self, *args, year=None, username=None, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {username!r}")
        year = year or timezone.localdate().year
        try:
            summary = services.refresh_year_statuses(Actor.system(user), year)
        except PermissionDenied as exc:
            raise CommandError(f"{username} may not change 规上 statuses") from exc
        self.stdout.write(
            f"{year}: {summary['created']} created, {summary['changed']} changed, "
            f"{summary['entered']} entered 规上, {summary['left']} left"
        )
