from django.core.management.base import BaseCommand

from gongjian.org.roles import sync_roles


class Command(BaseCommand):
    help = "Create the shipped role groups and give each exactly the permissions of the role matrix."

    def handle(self, *args, **options):
        sync_roles(verbosity=options["verbosity"])
