"""Queue the daily reminder to the admins of stale profiles (run it from cron or a
systemd timer once a day)."""

from django.core.management.base import BaseCommand

from actors.tasks import send_confirmation_reminders


class Command(BaseCommand):
    help = (
        "Queue the task that emails the admins of every profile not confirmed for 12 months "
        "(each organisation at most once in 30 days). Run it once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Send the reminders in this process instead of queueing the task.",
        )

    def handle(self, *args, now=False, **options):
        if now:
            sent = send_confirmation_reminders.call()
            self.stdout.write(f"Sent {sent} reminder(s).")
            return
        result = send_confirmation_reminders.enqueue()
        self.stdout.write(f"Queued the reminder task ({result.id}, {result.status}).")
