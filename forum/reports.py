"""Reporting a post to the moderators of its forum: a notification, nothing stored beside."""

from django.db import transaction

from forum import notifications


def report_post(post, reporter, reason: str) -> None:
    transaction.on_commit(lambda: notifications.report(post, reporter, reason))
