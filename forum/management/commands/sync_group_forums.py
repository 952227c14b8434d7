"""Make every working group's forum and set its rights from the group and its members.

Publishing a group and changing a membership do this as they happen; this command is for
groups that existed before the forum plugin was installed, or after restoring data.
"""

from django.core.management.base import BaseCommand

from forum import groups
from workgroups.models import WorkingGroupPage


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def handle(self, *args, **options):
        count = sum(
            groups.sync_group_forum(group) is not None for group in WorkingGroupPage.objects.all()
        )
        self.stdout.write(f"{count} working group forums in step with their groups.")
