"""Background work of the news app (django-tasks): the email digests."""

from __future__ import annotations

from django_tasks import task

from news.digest import send_digests


@task()
def send_digests_task() -> dict:
    """Send every member whose digest is due the news of their fields since their last
    one. Run it every hour (the scheduler does): when nothing is due it does nothing, and a
    run that stopped half-way is finished by the next. Returns the run's figures."""
    return send_digests().as_dict()
