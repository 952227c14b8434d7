"""Working groups: the /groups/ section, each group's page, and who belongs to it.

The rules of who may see and do what live here and nowhere else:
`WorkingGroupPage.objects.visible_to(user)` (which groups exist for someone),
`group.can_see_content(user)` (members list, documents, forum, activity),
`group.is_member(user)`, `group.is_coordinator(user)` and `group.can_manage(user)`.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Collection, Page, PageManager, PageQuerySet
from wagtail.search import index

DESCRIPTION_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


def is_staff(user) -> bool:
    """Staff of the platform: they see every group's content and manage every group."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_staff or user.is_superuser)
    )


# Pages --------------------------------------------------------------------------------


class WorkingGroupIndexPage(Page):
    """The working groups section at /groups/: the list of groups."""

    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two sentences shown under the title."),
    )
    # The parent of every group's document collection, so that a document filed under a
    # group stays recognisable as such (and private) even once its group is deleted.
    collection = models.ForeignKey(
        Collection,
        verbose_name=_("documents collection"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    api_fields = ["introduction"]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["workgroups.WorkingGroupPage"]
    max_count = 1
    exclude_fields_in_copy = ["collection"]

    class Meta:
        verbose_name = _("working groups index")

    def save(self, *args, **kwargs):
        if self.collection_id is None:
            self.collection = Collection.get_first_root_node().add_child(
                name=str(_("Working groups"))
            )
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from workgroups.views import index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(index_context(self, request))
        return context


class WorkingGroupTag(TaggedItemBase):
    """A topic of a working group (Wagtail tags, shared vocabulary with nothing else)."""

    content_object = ParentalKey(
        "workgroups.WorkingGroupPage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("working group topic")
        verbose_name_plural = _("working group topics")


class WorkingGroupPageQuerySet(PageQuerySet):
    def visible_to(self, user):
        """The groups whose page exists for `user`: live and not behind a Wagtail view
        restriction. A members-only group's page is public (so that people can ask to
        join); its content is not: see `with_content_visible_to`."""
        return self.live().public()

    def with_content_visible_to(self, user):
        """The visible groups whose content (members, documents, forum, activity) `user`
        may see: the public ones, the members-only ones they belong to; staff see all."""
        groups = self.visible_to(user)
        if is_staff(user):
            return groups
        public = Q(visibility=WorkingGroupPage.Visibility.PUBLIC)
        if not user.is_authenticated:
            return groups.filter(public)
        return groups.filter(public | Q(pk__in=_active_group_ids(user)))

    def member_of(self, user):
        """The groups `user` is an active member (or coordinator) of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(pk__in=_active_group_ids(user))

    def coordinated_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            pk__in=Membership.objects.active().coordinators().filter(user=user).values("group_id")
        )


def _active_group_ids(user):
    return Membership.objects.active().filter(user=user).values("group_id")


WorkingGroupPageManager = PageManager.from_queryset(WorkingGroupPageQuerySet)


class WorkingGroupPage(Page):
    """A working group: what it works on, who may see its content and how one joins."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Open: members join at once")
        REQUEST = "request", _("On request: a coordinator approves")
        INVITATION = "invitation", _("By invitation only")

    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("Two or three sentences for the list of groups and the search."),
    )
    description = RichTextField(
        _("description"),
        blank=True,
        features=DESCRIPTION_FEATURES,
        help_text=_("What the group works on, its goals and how it meets."),
    )
    topics = ClusterTaggableManager(
        verbose_name=_("topics"), through=WorkingGroupTag, blank=True, related_name="+"
    )
    stages = ParentalManyToManyField(
        "actors.ValueChainStage",
        verbose_name=_("value-chain stages"),
        blank=True,
        related_name="working_groups",
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        help_text=_(
            "Anyone sees a group's page. Members only: only its members (and staff) see its "
            "members, documents, forum and activity."
        ),
    )
    join_policy = models.CharField(
        _("how to join"),
        max_length=10,
        choices=JoinPolicy.choices,
        default=JoinPolicy.REQUEST,
    )
    # The group's documents; created with the group, under the working groups' collection.
    collection = models.ForeignKey(
        Collection,
        verbose_name=_("documents collection"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = WorkingGroupPageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("topics"),
                FieldPanel("stages", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("What it is about"),
        ),
        MultiFieldPanel(
            [FieldPanel("visibility"), FieldPanel("join_policy")],
            heading=_("Access"),
            help_text=_("Members and coordinators are managed under Working groups → Memberships."),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.FilterField("visibility"),
    ]
    api_fields = ["summary", "description", "topics", "stages", "visibility", "join_policy"]

    parent_page_types = ["workgroups.WorkingGroupIndexPage"]
    subpage_types: list[str] = []
    # A copy is a new group: it gets its own collection, not the original's documents.
    exclude_fields_in_copy = ["collection"]

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def save(self, *args, **kwargs):
        if self.collection_id is None:
            self.collection = self._new_collection()
        return super().save(*args, **kwargs)

    def _new_collection(self) -> Collection:
        index_page = WorkingGroupIndexPage.objects.filter(path=self.path[: -self.steplen]).first()
        parent = index_page.collection if index_page and index_page.collection_id else None
        parent = parent or Collection.get_first_root_node()
        return parent.add_child(name=self.title[:255])

    # Who is who -------------------------------------------------------------------------

    @property
    def is_members_only(self) -> bool:
        return self.visibility == self.Visibility.MEMBERS

    def membership_of(self, user) -> Membership | None:
        """The user's membership row in this group, in any state; read once per instance."""
        if user is None or not user.is_authenticated:
            return None
        cache = self.__dict__.setdefault("_membership_cache", {})
        if user.pk not in cache:
            cache[user.pk] = Membership.objects.filter(group=self, user=user).first()
        return cache[user.pk]

    def forget_membership(self, user=None) -> None:
        """Drop what `membership_of` remembered (after a change)."""
        cache = self.__dict__.get("_membership_cache", {})
        if user is None:
            cache.clear()
        else:
            cache.pop(user.pk, None)

    def is_member(self, user) -> bool:
        """An active member, coordinators included."""
        membership = self.membership_of(user)
        return membership is not None and membership.state == Membership.State.ACTIVE

    def is_coordinator(self, user) -> bool:
        membership = self.membership_of(user)
        return (
            membership is not None
            and membership.state == Membership.State.ACTIVE
            and membership.role == Membership.Role.COORDINATOR
        )

    def can_see_content(self, user) -> bool:
        """Members list, documents, forum and activity: everyone for a public group; its
        members and staff for a members-only one."""
        if not self.is_members_only:
            return True
        return is_staff(user) or self.is_member(user)

    def can_manage(self, user) -> bool:
        """Approve, invite, remove, name coordinators: its coordinators and staff."""
        return is_staff(user) or self.is_coordinator(user)

    def get_context(self, request, *args, **kwargs):
        from workgroups.views import group_context

        context = super().get_context(request, *args, **kwargs)
        context.update(group_context(self, request))
        return context

    def coordinators(self) -> list:
        return [m.user for m in self.memberships.active().coordinators().select_related("user")]


# Membership ---------------------------------------------------------------------------


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(state=Membership.State.ACTIVE)

    def requested(self):
        return self.filter(state=Membership.State.REQUESTED)

    def invited(self):
        return self.filter(state=Membership.State.INVITED)

    def coordinators(self):
        return self.filter(role=Membership.Role.COORDINATOR)


class Membership(models.Model):
    """Someone in a working group, as a coordinator or a member; or asking to join
    (requested), or asked to (invited). Refused requests, declined invitations, members
    who leave or are removed: the row is deleted, so that they may ask again."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        MEMBER = "member", _("Member")

    class State(models.TextChoices):
        REQUESTED = "requested", _("Asked to join")
        INVITED = "invited", _("Invited")
        ACTIVE = "active", _("Member")

    group = models.ForeignKey(
        WorkingGroupPage,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="workgroup_memberships",
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACTIVE)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    decided = models.DateTimeField(
        _("decided"),
        null=True,
        blank=True,
        help_text=_("When the request or invitation was answered."),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("working group membership")
        verbose_name_plural = _("working group memberships")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="workgroups_membership_once")
        ]
        indexes = [models.Index(fields=["user", "state"])]

    def __str__(self):
        return f"{self.user} – {self.group} ({self.get_role_display()}, {self.get_state_display()})"

    @property
    def is_active_coordinator(self) -> bool:
        return self.state == self.State.ACTIVE and self.role == self.Role.COORDINATOR

    def is_last_coordinator(self) -> bool:
        """Whether this is its group's only active coordinator, who may not leave, step
        down or be removed: the group would be left with no one to manage it.

        Locks the other coordinators' rows until the transaction ends, so that two of them
        cannot both step down at once: call it inside the transaction that changes this
        row."""
        return (
            self.is_active_coordinator
            and not Membership.objects.filter(group_id=self.group_id)
            .active()
            .coordinators()
            .exclude(pk=self.pk)
            .select_for_update()
            .exists()
        )
