"""Reporting a post to the moderators of its forum: a notification, and a row that
remembers it (forum.community.models.PostReport) so that a member tells them once."""

from django.db import transaction
from django.utils import timezone

from forum import notifications
from forum.community.models import REPORT_REASON_MAX_LENGTH, PostReport


@transaction.atomic
def report_post(post, reporter, reason: str) -> bool:
    """Record the report and tell the moderators once it is committed. False, with
    nothing changed, if the member reported this post recently: they were told already."""
    reason = reason.strip()[:REPORT_REASON_MAX_LENGTH]
    # The row locked (or inserted, a second insert at once waiting for this one), so that
    # two clicks cannot both tell the moderators.
    report, created = PostReport.objects.select_for_update().get_or_create(
        post=post, reporter=reporter, defaults={"reason": reason}
    )
    if not created:
        if report.is_recent():
            return False
        report.reason, report.reported = reason, timezone.now()
        report.save(update_fields=["reason", "reported"])
    transaction.on_commit(lambda: notifications.report(post, reporter, reason))
    return True
