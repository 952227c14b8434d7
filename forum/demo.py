"""The forum's demo content for `seed_demo`: every working group's forum (made and its rights
set, as publishing the group does), a welcome topic in "General discussion" and a
conversation in the cell therapy group's forum. Idempotent: a second run changes nothing."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from machina.core.db.models import get_model

from forum import groups, notifications
from workgroups.models import WorkingGroupPage

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

MEMBER_EMAIL = "member@cobioe.example"
COLLEAGUE_EMAIL = "ana.costa@demo.cobioe.example"
CONVERSATIONS = [
    (
        None,
        "General discussion",
        "Welcome to the COBIOE forum (demo)",
        "This is where the **whole value chain** talks: ask, answer, and find partners.\n\n"
        "Working groups have their own forums, under *Working groups*.",
        [],
    ),
    (
        "cell-therapy-manufacturing",
        None,
        "Closed systems for autologous processes (demo)",
        "Which closed, automated platforms do you run for autologous therapies, and at "
        "what batch size?",
        ["We run two in parallel; release testing is our bottleneck, not the process."],
    ),
]


def seed(stdout):
    # Demo posts are not news: nobody is notified of them.
    with transaction.atomic(), notifications.silenced():
        report = ForumSeeder().run()
    stdout.write("Forum demo content:\n")
    for line in report:
        stdout.write(f"  {line}\n")


class ForumSeeder:
    def __init__(self):
        users = get_user_model().objects
        self.admin = users.filter(is_superuser=True).order_by("pk").first()
        self.member = users.filter(email__iexact=MEMBER_EMAIL).first() or self.admin
        self.colleague = users.filter(email__iexact=COLLEAGUE_EMAIL).first() or self.admin

    def run(self) -> list[str]:
        report = []
        group_forums = 0
        for group in WorkingGroupPage.objects.all():
            if groups.sync_group_forum(group) is not None:
                group_forums += 1
        report.append(f"{group_forums} working group forums, rights set from their members")
        if self.admin is None:
            return [*report, "no superuser yet: no demo topics"]
        for group_slug, forum_name, subject, content, replies in CONVERSATIONS:
            forum = self.forum(group_slug, forum_name)
            if forum is None:
                report.append(f"no forum for “{subject}”: skipped")
                continue
            if Topic.objects.filter(forum=forum, subject=subject).exists():
                report.append(f"found “{subject}”")
                continue
            author = self.admin if group_slug is None else self.member
            topic = Topic.objects.create(
                forum=forum,
                poster=author,
                subject=subject,
                type=Topic.TOPIC_POST,
                status=Topic.TOPIC_UNLOCKED,
            )
            Post.objects.create(topic=topic, poster=author, subject=subject, content=content)
            topic.subscribers.add(author)
            for reply in replies:
                Post.objects.create(
                    topic=topic, poster=self.colleague, subject=f"Re: {subject}", content=reply
                )
                topic.subscribers.add(self.colleague)
            report.append(f"created “{subject}”")
        return report

    def forum(self, group_slug, forum_name):
        if group_slug is not None:
            group = WorkingGroupPage.objects.filter(slug=group_slug).first()
            return groups.forum_of_group(group) if group else None
        return Forum.objects.filter(name=forum_name, type=Forum.FORUM_POST).first()
