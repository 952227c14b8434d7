"""The working groups' demo content for `seed_demo`: the /groups/ section under the home
page, four groups (public and members-only, each join policy), the demo admin and the demo
member as coordinators and members, three fictional members, a pending invitation and a
join request to answer. Idempotent: a second run finds everything and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from actors.demo import MEMBER_EMAIL
from actors.models import MemberProfile, Organisation, ValueChainStage
from home.models import HomePage
from workgroups.models import Membership, WorkingGroupIndexPage, WorkingGroupPage

INDEX_SLUG = "groups"
ADMIN = "admin"
MEMBER = "member"
COORDINATOR, ACTIVE = Membership.Role.COORDINATOR, Membership.State.ACTIVE

# Fictional people, who cannot sign in (no usable password): they fill the member lists.
PEOPLE = {
    "ana": ("ana.costa@demo.cobioe.example", "Ana Costa (demo)", "QA lead", "cebr"),
    "lars": (
        "lars.nielsen@demo.cobioe.example",
        "Lars Nielsen (demo)",
        "Cluster manager",
        "scanbalt",
    ),
    "claire": (
        "claire.martin@demo.cobioe.example",
        "Claire Martin (demo)",
        "Process engineer",
        "genopole",
    ),
}


@dataclass(frozen=True)
class DemoGroup:
    slug: str
    title: str
    summary: str
    description: str
    visibility: str
    join_policy: str
    topics: tuple[str, ...]
    stages: tuple[str, ...]
    # (who, role, state): "admin", "member" or a key of PEOPLE.
    members: tuple[tuple[str, str, str], ...]


GROUPS = (
    DemoGroup(
        "cell-therapy-manufacturing",
        "Cell therapy manufacturing (demo)",
        "Manufacturers and hospitals compare how they scale autologous and allogeneic cell "
        "therapies, from closed systems to release testing.",
        "<p>A demo group. Members share practice on automation, closed processing and "
        "point-of-care manufacturing, and prepare a common position on capacity needs.</p>",
        WorkingGroupPage.Visibility.PUBLIC,
        WorkingGroupPage.JoinPolicy.OPEN,
        ("cell therapy", "automation"),
        ("production",),
        ((MEMBER, COORDINATOR, ACTIVE), (ADMIN, "member", ACTIVE), ("ana", "member", ACTIVE)),
    ),
    DemoGroup(
        "atmp-regulatory-science",
        "ATMP regulatory science (demo)",
        "Regulatory affairs specialists follow the European rules for advanced therapies and "
        "share how they prepare their files.",
        "<p>A demo group. Monthly calls on the pharmaceutical legislation, hospital "
        "exemption and GMP for ATMPs.</p>",
        WorkingGroupPage.Visibility.PUBLIC,
        WorkingGroupPage.JoinPolicy.REQUEST,
        ("regulation", "ATMP"),
        ("post-market",),
        ((ADMIN, COORDINATOR, ACTIVE), (MEMBER, "member", ACTIVE), ("lars", "member", ACTIVE)),
    ),
    DemoGroup(
        "tech-transfer-and-scale-up",
        "Tech transfer and scale-up (demo)",
        "Process development teams and CDMOs work on the hand-over from lab to plant.",
        "<p>A demo group, for its members only: their case studies stay within the group.</p>",
        WorkingGroupPage.Visibility.MEMBERS,
        WorkingGroupPage.JoinPolicy.INVITATION,
        ("tech transfer", "scale-up"),
        ("industrialisation",),
        ((ADMIN, COORDINATOR, ACTIVE), ("claire", "member", ACTIVE), (MEMBER, "member", "invited")),
    ),
    DemoGroup(
        "biomanufacturing-skills",
        "Biomanufacturing skills (demo)",
        "Training centres and employers map the skills the sector lacks and the courses "
        "that teach them.",
        "<p>A demo group, for its members only. Ask to join: its coordinators answer.</p>",
        WorkingGroupPage.Visibility.MEMBERS,
        WorkingGroupPage.JoinPolicy.REQUEST,
        ("skills", "training"),
        ("training",),
        ((ADMIN, COORDINATOR, ACTIVE), ("ana", "member", ACTIVE), ("lars", "member", "requested")),
    ),
)


def seed(stdout):
    """Create what is missing of the working groups' demo content, and say what was done."""
    with transaction.atomic():
        seeder = GroupsSeeder()
        seeder.run()
    stdout.write("Working groups demo content:\n")
    for line in seeder.report:
        stdout.write(f"  {line}\n")


class GroupsSeeder:
    def __init__(self):
        self.report: list[str] = []
        users = get_user_model().objects
        self.editor = users.filter(is_superuser=True).order_by("pk").first()
        self.people = {ADMIN: self.editor, MEMBER: users.filter(email__iexact=MEMBER_EMAIL).first()}

    def run(self):
        index = self.ensure_index()
        if index is None:
            return
        self.ensure_people()
        created = found = 0
        for spec in GROUPS:
            group = WorkingGroupPage.objects.child_of(index).filter(slug=spec.slug).first()
            if group is None:
                group = self.create_group(index, spec)
                created += 1
            else:
                found += 1
            self.ensure_members(group, spec)
        self.report.append(f"Working groups: {created} created, {found} found")

    def ensure_index(self):
        home = HomePage.objects.first()
        if home is None:
            self.report.append("Working groups index: no home page to put it under, skipped")
            return None
        index = WorkingGroupIndexPage.objects.child_of(home).filter(slug=INDEX_SLUG).first()
        if index is not None:
            self.report.append("Working groups index: found")
            return index
        index = WorkingGroupIndexPage(
            title="Working groups",
            slug=INDEX_SLUG,
            introduction="Actors of health biomanufacturing meet in working groups: they "
            "share practice, prepare common positions and start partnerships.",
            live=False,
        )
        home.add_child(instance=index)
        index.save_revision(user=self.editor).publish(user=self.editor)
        self.report.append("Working groups index: created at /groups/")
        return index

    def ensure_people(self):
        users = get_user_model().objects
        organisations = {o.slug: o for o in Organisation.objects.filter(slug__in=_org_slugs())}
        for key, (email, name, job, organisation) in PEOPLE.items():
            user = users.filter(email__iexact=email).first()
            if user is None:
                user = users.create_user(username=email, email=email, password=None)
                EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
                MemberProfile.objects.create(
                    user=user,
                    display_name=name,
                    job_title=job,
                    organisation=organisations.get(organisation),
                )
            self.people[key] = user

    def create_group(self, index, spec):
        group = WorkingGroupPage(
            title=spec.title,
            slug=spec.slug,
            summary=spec.summary,
            description=spec.description,
            visibility=spec.visibility,
            join_policy=spec.join_policy,
            live=False,
        )
        group.stages.set(list(ValueChainStage.objects.filter(slug__in=spec.stages)))
        group.topics.add(*spec.topics)
        index.add_child(instance=group)
        group.save_revision(user=self.editor).publish(user=self.editor)
        return group

    def ensure_members(self, group, spec):
        for who, role, state in spec.members:
            user = self.people.get(who)
            if user is None:
                continue
            Membership.objects.get_or_create(
                group=group,
                user=user,
                defaults={
                    "role": role,
                    "state": state,
                    "invited_by": self.editor if state == Membership.State.INVITED else None,
                    "decided": timezone.now() if state == ACTIVE else None,
                },
            )


def _org_slugs() -> set[str]:
    return {organisation for *_rest, organisation in PEOPLE.values()}
