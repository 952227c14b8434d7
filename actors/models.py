"""Actors of the value chain: the vocabularies, organisations, who belongs to them, and
the people behind the accounts."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from actors.sanitise import clean_html

# A profile not confirmed by its admins for this long is flagged as stale.
FRESHNESS_PERIOD = timedelta(days=365)

# Paths under /actors/ that are not profiles: no organisation may take them as its slug.
RESERVED_SLUGS = frozenset(
    {
        "api",
        "claim",
        "claims",
        "export",
        "join",
        "manage",
        "map",
        "new",
        "invitations",
        "value-chain",
        "coverage",
        "me",
        "mine",
        "search",
    }
)


# Vocabularies -------------------------------------------------------------------------


class Vocabulary(models.Model):
    """A term of an editable vocabulary: a name, a stable slug for URLs, an order."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("Used in the directory's addresses (?stage=production); keep it stable."),
    )
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class HierarchicalQuerySet(models.QuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)

    def children_by_parent(self) -> dict[int, set[int]]:
        """The ids of the terms under each broader term, in one query."""
        children = defaultdict(set)
        for pk, parent_id in self.filter(parent__isnull=False).values_list("pk", "parent_id"):
            children[parent_id].add(pk)
        return children


def widen(chosen: set[int], children: dict[int, set[int]]) -> set[int]:
    """The chosen terms and those under them (`children_by_parent()`). Terms nest one level
    deep (HierarchicalVocabulary.clean), so one step covers all."""
    return set(chosen).union(*(children.get(pk, ()) for pk in chosen))


class HierarchicalVocabulary(Vocabulary):
    """A term that may hang under a broader one (a sub-stage under its stage)."""

    objects = HierarchicalQuerySet.as_manager()

    class Meta(Vocabulary.Meta):
        abstract = True

    def clean(self):
        super().clean()
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("Terms nest one level deep only.")})
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A term cannot be its own parent.")})


class ValueChainStage(HierarchicalVocabulary):
    """A stage of the value chain (Production), or one of its sub-stages (Fill and finish)."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("stage"),
        related_name="children",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Leave empty for a stage of the chain; choose its stage for a sub-stage."),
    )

    panels = [*Vocabulary.panels, FieldPanel("parent")]

    class Meta(HierarchicalVocabulary.Meta):
        verbose_name = _("value-chain stage")
        verbose_name_plural = _("value-chain stages")


class Technology(HierarchicalVocabulary):
    """A technology or product type (Cell therapy), under its family (Innovative therapies)."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("family"),
        related_name="children",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Leave empty for a family; choose its family for a technology."),
    )

    panels = [*Vocabulary.panels, FieldPanel("parent")]

    class Meta(HierarchicalVocabulary.Meta):
        verbose_name = _("technology")
        verbose_name_plural = _("technologies")


class ActorType(Vocabulary):
    """A kind of actor (CDMO / CMO), and how imported records of other registries map to it."""

    source_types = models.CharField(
        _("source types"),
        max_length=200,
        blank=True,
        help_text=_(
            "Types of the imported registry (ROR) that become this actor type, separated by "
            "commas, most specific first across all actor types (see the import's priority)."
        ),
    )
    default_stages = models.ManyToManyField(
        ValueChainStage,
        verbose_name=_("default stages"),
        blank=True,
        related_name="+",
        help_text=_(
            "Where actors of this type usually stand on the chain. Imported records, which "
            "carry no value-chain information, start there until their admins correct it."
        ),
    )

    panels = [*Vocabulary.panels, FieldPanel("source_types"), FieldPanel("default_stages")]

    class Meta(Vocabulary.Meta):
        verbose_name = _("actor type")
        verbose_name_plural = _("actor types")

    def source_type_list(self) -> list[str]:
        return [item.strip() for item in self.source_types.split(",") if item.strip()]


class Certification(Vocabulary):
    """A certification or accreditation an organisation may hold (GMP, ISO 13485)."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")


# Organisations ------------------------------------------------------------------------


class OrganisationQuerySet(models.QuerySet):
    def published(self):
        """What anyone may see: published, and not merged into another profile."""
        return self.filter(status=Organisation.Status.PUBLISHED, merged_into__isnull=True)

    def visible_to(self, user):
        """Published profiles, plus those the user belongs to; staff see everything."""
        if user.is_authenticated and (user.is_staff or user.is_superuser):
            return self
        published = Q(status=Organisation.Status.PUBLISHED, merged_into__isnull=True)
        if not user.is_authenticated:
            return self.filter(published)
        return self.filter(
            published | Q(memberships__user=user, memberships__state=Membership.State.ACTIVE)
        ).distinct()

    def administered_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            memberships__user=user,
            memberships__role=Membership.Role.ADMIN,
            memberships__state=Membership.State.ACTIVE,
        )

    def pending_review(self):
        return self.filter(status=Organisation.Status.PENDING)

    def stale(self, now=None):
        """Published profiles their admins have not confirmed within the freshness period."""
        limit = (now or timezone.now()) - FRESHNESS_PERIOD
        return self.published().filter(
            Q(last_confirmed_at__lt=limit) | Q(last_confirmed_at__isnull=True, created_at__lt=limit)
        )

    def at_stage(self, stage: ValueChainStage):
        """Organisations at the stage or any of its sub-stages."""
        stage_ids = [stage.pk, *stage.children.values_list("pk", flat=True)]
        return self.filter(stages__in=stage_ids).distinct()


class Organisation(models.Model):
    """An actor of the value chain: a company, a lab, a hospital, a cluster..."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Pending review")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")

    class SizeBand(models.TextChoices):
        MICRO = "1-9", _("1 to 9 people")
        SMALL = "10-49", _("10 to 49 people")
        MEDIUM = "50-249", _("50 to 249 people")
        LARGE = "250-999", _("250 to 999 people")
        VERY_LARGE = "1000+", _("1,000 people or more")

    # Who it is
    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    acronym = models.CharField(_("acronym"), max_length=80, blank=True)
    actor_type = models.ForeignKey(
        ActorType,
        verbose_name=_("actor type"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the organisation does. Paragraphs, emphasis, lists and web links."),
    )
    website = models.URLField(
        _("website"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    size_band = models.CharField(_("size"), max_length=10, choices=SizeBand.choices, blank=True)
    year_founded = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1000), MaxValueValidator(2100)],
    )

    # Where it is
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("In decimal degrees, between -90 and 90."),
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("In decimal degrees, between -180 and 180."),
    )

    # Where it stands on the chain
    stages = models.ManyToManyField(
        ValueChainStage,
        verbose_name=_("value-chain stages"),
        blank=True,
        related_name="organisations",
    )
    technologies = models.ManyToManyField(
        Technology,
        verbose_name=_("technologies and products"),
        blank=True,
        related_name="organisations",
    )

    # What it offers and seeks
    capabilities = models.TextField(_("capabilities"), blank=True)
    services = models.TextField(_("services"), blank=True)
    capacity = models.TextField(_("production capacity"), blank=True)
    equipment = models.TextField(_("equipment"), blank=True)
    seeks = models.TextField(_("what it seeks"), blank=True)
    certifications = models.ManyToManyField(
        Certification,
        verbose_name=_("certifications"),
        blank=True,
        related_name="organisations",
    )
    partner_contact_email = models.EmailField(
        _("partner contact email"),
        blank=True,
        help_text=_("Shown only to signed-in members."),
    )

    # Review and freshness
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    is_verified = models.BooleanField(_("verified"), default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    # When it first appeared on the map (the digests list the newcomers of their period).
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    last_confirmed_at = models.DateTimeField(_("last confirmed"), null=True, blank=True)
    confirmation_reminded_at = models.DateTimeField(
        _("confirmation reminder sent"), null=True, blank=True
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_duplicates",
    )

    # Provenance
    source = models.CharField(
        _("source"), max_length=20, blank=True, help_text=_("Registry it was imported from.")
    )
    source_id = models.CharField(_("source id"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Lower-case text the directory's query (and the site search) matches: name, acronym,
    # city, description, offers. Kept by save() and by the import; PostgreSQL indexes it
    # by trigrams, so that a substring query stays fast on the whole map.
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = OrganisationQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("slug"),
                FieldPanel("acronym"),
                FieldPanel("actor_type"),
                FieldPanel("description"),
                FieldPanel("website"),
                FieldPanel("logo"),
                FieldRowPanel([FieldPanel("size_band"), FieldPanel("year_founded")]),
            ],
            heading=_("Who it is"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("country"),
                FieldPanel("city"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Where it is"),
        ),
        MultiFieldPanel(
            [FieldPanel("stages"), FieldPanel("technologies")],
            heading=_("Value chain"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("capabilities"),
                FieldPanel("services"),
                FieldPanel("capacity"),
                FieldPanel("equipment"),
                FieldPanel("seeks"),
                FieldPanel("certifications"),
                FieldPanel("partner_contact_email"),
            ],
            heading=_("Offers and needs"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("rejection_reason"),
                FieldPanel("is_verified"),
                FieldPanel("last_confirmed_at"),
                FieldPanel("merged_into", read_only=True),
                FieldRowPanel(
                    [FieldPanel("source", read_only=True), FieldPanel("source_id", read_only=True)]
                ),
            ],
            heading=_("Review"),
        ),
    ]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~Q(source_id=""),
                name="actors_organisation_unique_source_id",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="actors_organisation_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="actors_organisation_longitude_range",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "name"], name="actors_org_status_name"),
            models.Index(fields=["status", "country"], name="actors_org_status_country"),
            models.Index(fields=["status", "actor_type"], name="actors_org_status_type"),
            models.Index(fields=["created_at"], name="actors_org_created"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.description = clean_html(self.description)
        self.search_text = self.build_search_text()
        if not self.slug:
            self.slug = self.unique_slug(self.name)
        extra_fields = {"search_text", "description"}
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
            extra_fields.add("published_at")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *extra_fields}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("actors:profile", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both the latitude and the longitude, or neither."))

    def build_search_text(self) -> str:
        parts = [
            self.name,
            self.acronym,
            self.city,
            self.description,
            self.capabilities,
            self.services,
            self.capacity,
            self.equipment,
        ]
        return " ".join(part for part in parts if part).lower()

    @classmethod
    def unique_slug(cls, name: str, exclude_pk=None) -> str:
        base = slugify(name)[:240] or "organisation"
        candidate, n = base, 1
        taken = cls.objects.filter(slug__startswith=base)
        if exclude_pk:
            taken = taken.exclude(pk=exclude_pk)
        taken = set(taken.values_list("slug", flat=True))
        while candidate in taken or candidate in RESERVED_SLUGS:
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.merged_into_id is None

    @property
    def is_claimed(self) -> bool:
        return self.memberships.filter(
            role=Membership.Role.ADMIN, state=Membership.State.ACTIVE
        ).exists()

    def is_stale(self, now=None) -> bool:
        reference = self.last_confirmed_at or self.created_at
        return reference is not None and reference < (now or timezone.now()) - FRESHNESS_PERIOD

    def confirm(self, when=None):
        """Its admins say the profile is still right: it is fresh for another period."""
        self.last_confirmed_at = when or timezone.now()
        self.confirmation_reminded_at = None
        self.save(update_fields=["last_confirmed_at", "confirmation_reminded_at"])

    def member_role(self, user) -> str | None:
        """The active role of the user in this organisation, or None."""
        if not user.is_authenticated:
            return None
        membership = self.memberships.filter(user=user, state=Membership.State.ACTIVE).first()
        return membership.role if membership else None

    def can_edit(self, user) -> bool:
        return self.member_role(user) == Membership.Role.ADMIN


# Who belongs to them ------------------------------------------------------------------


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(state=Membership.State.ACTIVE)

    def invited(self):
        return self.filter(state=Membership.State.INVITED)

    def admins(self):
        return self.active().filter(role=Membership.Role.ADMIN)


class Membership(models.Model):
    """A person in an organisation, as its admin or a member; invited until they accept.

    An invitation may name an email that has no account yet: it waits for the person to
    sign up with that address.
    """

    class Role(models.TextChoices):
        ADMIN = "admin", _("Admin")
        MEMBER = "member", _("Member")

    class State(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACTIVE = "active", _("Active")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
        null=True,
        blank=True,
    )
    email = models.EmailField(
        _("invited email"), blank=True, help_text=_("Where the invitation was sent.")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACTIVE)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(user__isnull=False),
                name="actors_membership_unique_user",
            ),
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=~Q(email=""),
                name="actors_membership_unique_email",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(email=""),
                name="actors_membership_has_someone",
            ),
        ]

    def __str__(self):
        who = self.user or self.email
        return f"{who} – {self.organisation} ({self.get_role_display()})"

    def accept(self, user):
        self.user = user
        self.state = self.State.ACTIVE
        self.joined_at = timezone.now()
        self.save(update_fields=["user", "state", "joined_at"])


class Claim(models.Model):
    """A member's request to take charge of an organisation already on the map (usually an
    imported one). Staff decide; an approved claim makes the member its admin."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending review")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="claims",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="organisation_claims",
    )
    message = models.TextField(
        _("message"),
        blank=True,
        help_text=_("Who you are in the organisation, so that staff can check."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reason = models.TextField(_("reason given"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(status="pending"),
                name="actors_claim_one_pending_per_member",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.organisation}"


# People -------------------------------------------------------------------------------


class MemberProfile(models.Model):
    """What a member shows of themselves, and the fields they follow (the news issue reads
    the interests)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="member_profile",
    )
    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_profiles",
    )
    interest_stages = models.ManyToManyField(
        ValueChainStage, verbose_name=_("stages of interest"), blank=True, related_name="+"
    )
    interest_technologies = models.ManyToManyField(
        Technology, verbose_name=_("technologies of interest"), blank=True, related_name="+"
    )
    interest_countries = CountryField(_("countries of interest"), multiple=True, blank=True)
    listed_in_directory = models.BooleanField(
        _("appear in the directory"),
        default=False,
        help_text=_("Show my name and job title on my organisation's public profile."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")

    def __str__(self):
        return self.display_name or str(self.user)

    @classmethod
    def for_user(cls, user) -> MemberProfile:
        profile, _created = cls.objects.get_or_create(user=user)
        return profile


# Coverage targets ---------------------------------------------------------------------


class CoverageTarget(models.Model):
    """How many actors the project aims to map: for Europe as a whole (no country) or for
    one country. The coverage dashboard measures the map against these."""

    country = CountryField(
        _("country"),
        blank=True,
        unique=True,
        help_text=_("Leave empty for the target for all of Europe."),
    )
    target = models.PositiveIntegerField(_("target number of actors"))

    panels = [FieldPanel("country"), FieldPanel("target")]

    class Meta:
        verbose_name = _("coverage target")
        verbose_name_plural = _("coverage targets")
        ordering = ["country"]

    def __str__(self):
        where = self.country.name if self.country else _("Europe")
        return f"{where}: {self.target}"
