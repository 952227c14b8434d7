"""Queue the digest run (the scheduler calls it every hour; a run with nobody due does
nothing)."""

from django.core.management.base import BaseCommand

from news.tasks import send_digests_task


class Command(BaseCommand):
    help = (
        "Queue the task that emails the members whose daily or weekly news digest is due. "
        "Run it every hour: members are served once per period, whatever the number of runs."
    )

    def handle(self, *args, **options):
        result = send_digests_task.enqueue()
        self.stdout.write(f"Queued the digest task ({result.id}, {result.status}).")
