"""The public profile of an organisation at /actors/<slug>/: who it is, its place on the
value chain, its schema.org description, the actors that complement it, and what other
plugins add to it through the `profile_sections` signal."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import CharField, Exists, OuterRef, Prefetch, Subquery, Value
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.cache import patch_cache_control
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from wagtail.images import get_image_model

from actors.complementary import complementary_actors
from actors.models import MemberProfile, Membership, Organisation, ValueChainStage
from actors.signals import collect_profile_sections

LOGO_FILTER = "max-240x160"

# The characters that could end a <script> element or open a comment in it, escaped the
# way django.utils.html.json_script does; the JSON means the same to its readers.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@dataclass
class StageOnChain:
    """A top-level stage as the profile draws it: covered or not, and which of its
    sub-stages the organisation names."""

    stage: ValueChainStage
    covered: bool = False
    sub_stages: list[ValueChainStage] = field(default_factory=list)


def value_chain(organisation: Organisation) -> list[StageOnChain]:
    """Every stage of the chain in order, marked for this organisation. One query."""
    links = Organisation.stages.through.objects.filter(
        organisation_id=organisation.pk, valuechainstage_id=OuterRef("pk")
    )
    stages = list(ValueChainStage.objects.annotate(taken=Exists(links)))
    chain = {s.pk: StageOnChain(s, covered=s.taken) for s in stages if s.parent_id is None}
    for stage in stages:
        if stage.parent_id is not None and stage.taken and stage.parent_id in chain:
            chain[stage.parent_id].covered = True
            chain[stage.parent_id].sub_stages.append(stage)
    return list(chain.values())


def listed_people(organisation: Organisation):
    """The active members who agreed to appear on the profile, with a name to show."""
    active = Membership.objects.active().filter(organisation=organisation, user=OuterRef("user"))
    return (
        MemberProfile.objects.filter(listed_in_directory=True, user__is_active=True)
        .filter(Exists(active))
        .exclude(display_name="")
        .order_by("display_name", "pk")
    )


def _profile_queryset(user):
    """The organisations the user may see, with what the page shows of them joined in."""
    admins = Membership.objects.admins().filter(organisation=OuterRef("pk"))
    queryset = (
        Organisation.objects.visible_to(user)
        .select_related("actor_type")
        .prefetch_related(
            Prefetch("logo", queryset=get_image_model().objects.prefetch_renditions(LOGO_FILTER)),
            "technologies",
            "certifications",
        )
        .annotate(claimed=Exists(admins))
    )
    if user.is_authenticated:
        role = Membership.objects.active().filter(organisation=OuterRef("pk"), user=user)
        return queryset.annotate(viewer_role=Subquery(role.values("role")[:1]))
    return queryset.annotate(viewer_role=Value(None, output_field=CharField()))


def _optional_url(name, **kwargs) -> str | None:
    """The URL of a page another part of the plugin serves, or None while it is absent."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def ror_url(organisation: Organisation) -> str | None:
    """The ROR record of an imported organisation (its source id is the ROR address)."""
    if organisation.source == "ror" and organisation.source_id.startswith("https://ror.org/"):
        return organisation.source_id
    return None


def json_ld(organisation: Organisation, request, logo_url: str | None) -> str:
    """The schema.org Organization of the profile, safe to put inside a <script> element."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organisation.name,
        "url": organisation.website or None,
        "alternateName": organisation.acronym or None,
        "description": html.unescape(strip_tags(organisation.description)).strip() or None,
        "logo": request.build_absolute_uri(logo_url) if logo_url else None,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": organisation.city or None,
            "addressCountry": organisation.country.code,
        },
        "foundingDate": str(organisation.year_founded) if organisation.year_founded else None,
    }
    data["address"] = {k: v for k, v in data["address"].items() if v is not None}
    if organisation.latitude is not None and organisation.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": organisation.latitude,
            "longitude": organisation.longitude,
        }
    if ror_url(organisation):
        data["sameAs"] = [ror_url(organisation)]
    data = {k: v for k, v in data.items() if v is not None}
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(SCRIPT_ESCAPES))  # noqa: S308 (escaped just above)


def profile(request, slug):
    organisation = _profile_queryset(request.user).filter(slug=slug).first()
    if organisation is None:
        merged_into = (
            Organisation.objects.filter(slug=slug, merged_into__isnull=False)
            .values_list("merged_into__slug", flat=True)
            .first()
        )
        if merged_into:
            return redirect("actors:profile", slug=merged_into, permanent=True)
        raise Http404
    if organisation.merged_into_id:
        # Staff see every profile, merged ones included: they too go to the survivor.
        target = Organisation.objects.only("slug").get(pk=organisation.merged_into_id)
        return redirect("actors:profile", slug=target.slug, permanent=True)

    logo = organisation.logo.get_rendition(LOGO_FILTER) if organisation.logo else None
    chain = value_chain(organisation)
    technologies = list(organisation.technologies.all())
    is_admin = organisation.viewer_role == Membership.Role.ADMIN
    covers_every_stage = all(item.covered for item in chain)
    context = {
        "organisation": organisation,
        "logo": logo,
        "chain": chain,
        "covers_every_stage": covers_every_stage,
        "technologies": technologies,
        "certifications": list(organisation.certifications.all()),
        "people": list(listed_people(organisation)),
        "suggestions": complementary_actors(
            organisation,
            technology_ids=[t.pk for t in technologies],
            missing_stage_ids=[item.stage.pk for item in chain if not item.covered],
        ),
        "is_stale": organisation.is_stale(),
        "is_member": organisation.viewer_role is not None,
        "is_admin": is_admin,
        "show_contact": request.user.is_authenticated,
        "login_url": reverse("account_login") + "?" + urlencode({"next": request.get_full_path()}),
        "claim_url": None if organisation.claimed else _optional_url("actors:claim", slug=slug),
        "manage_url": _optional_url("actors:manage", slug=slug) if is_admin else None,
        "directory_url": _optional_url("actors:directory"),
        "ror_url": ror_url(organisation),
        "json_ld": json_ld(organisation, request, logo.url if logo else None),
        "plugin_sections": [
            section.render(request) for section in collect_profile_sections(organisation, request)
        ],
    }
    response = render(request, "actors/profile.html", context)
    if not organisation.is_published:
        patch_cache_control(response, private=True, no_store=True)
    return response


urlpatterns = [
    path("<slug:slug>/", profile, name="profile"),
]
