"""Forms members fill in to put an organisation on the map, run it, and describe
themselves."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import URLValidator
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.models import Collection

from actors.models import (
    Certification,
    Claim,
    MemberProfile,
    Membership,
    Organisation,
    Technology,
    ValueChainStage,
)

# A logo is shown small; anything bigger than this is a photo or a print file.
LOGO_MAX_BYTES = 2 * 1024 * 1024


# Vocabulary choices ------------------------------------------------------------------


class TermChoiceIterator(forms.models.ModelChoiceIterator):
    """The terms in the order of their groups, so that the checkboxes can be shown under
    the stage or family they belong to."""

    def __iter__(self):
        for _family, terms in self.field.groups():
            for term in terms:
                yield self.choice(term)

    def __len__(self):
        return sum(len(terms) for _family, terms in self.field.groups())


class TermMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Checkboxes for a two-level vocabulary, grouped under their top-level term.

    With `families_selectable`, a top-level term is a choice itself ("Production, in
    general") before its sub-terms; without, it is only the heading of its group, unless
    it has no sub-terms at all.
    """

    iterator = TermChoiceIterator
    widget = forms.CheckboxSelectMultiple

    def __init__(self, queryset, *, families_selectable=True, **kwargs):
        self.families_selectable = families_selectable
        if not families_selectable:
            queryset = queryset.filter(
                Q(parent__isnull=False) | Q(children__isnull=True)
            ).distinct()
        super().__init__(queryset.select_related("parent"), **kwargs)
        self._groups = None

    def __deepcopy__(self, memo):
        copied = super().__deepcopy__(memo)
        copied._groups = None
        return copied

    def groups(self):
        """[(top-level term, [its selectable terms])], in the vocabulary's order."""
        if self._groups is None:
            groups = {}
            for term in self.queryset:
                family = term.parent or term
                groups.setdefault(family.pk, (family, []))[1].append(term)
            ordered = sorted(groups.values(), key=lambda g: (g[0].sort_order, g[0].name))
            for _family, terms in ordered:
                terms.sort(key=lambda t: (t.parent_id is not None, t.sort_order, t.name))
            self._groups = ordered
        return self._groups

    def label_from_instance(self, term):
        if term.parent_id is None and self.families_selectable:
            return gettext("%(name)s, in general") % {"name": term.name}
        return term.name


# Organisation fields ------------------------------------------------------------------


class WebAddressField(forms.URLField):
    """A web address: http or https only, so a `javascript:` link can never be stored."""

    message = _("Enter a web address that starts with http:// or https://.")
    default_error_messages = {"invalid": message}
    default_validators = [URLValidator(schemes=["http", "https"], message=message)]

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class LogoField(WagtailImageField):
    """An uploaded image that Wagtail can read, of at most LOGO_MAX_BYTES."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_upload_size = LOGO_MAX_BYTES
        self.max_upload_size_text = filesizeformat(LOGO_MAX_BYTES)
        self.help_text = _("%(formats)s, at most %(size)s.") % {
            "formats": self.supported_formats_text,
            "size": self.max_upload_size_text,
        }
        self.error_messages["invalid_image"] = _(
            "This file is not an image we can read. Upload a %(formats)s file."
        ) % {"formats": self.supported_formats_text}
        self.error_messages["file_too_large"] = _(
            "This file is too big (%(file_size)s). A logo may be at most %(max_filesize)s."
        )
        self.error_messages["file_too_large_unknown_size"] = _(
            "This file is too big. A logo may be at most %(max_filesize)s."
        ) % {"max_filesize": self.max_upload_size_text}


def claim_url(organisation) -> str | None:
    try:
        return reverse("actors:claim", kwargs={"slug": organisation.slug})
    except NoReverseMatch:
        return None


class IdentityForm(forms.ModelForm):
    """Step 1, "Who you are". Saving it for a new organisation makes a draft."""

    website = WebAddressField(label=_("Website"), max_length=500, required=False)
    logo_file = LogoField(label=_("Logo"), required=False)
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)

    class Meta:
        model = Organisation
        fields = [
            "name",
            "acronym",
            "actor_type",
            "country",
            "website",
            "description",
            "size_band",
            "year_founded",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "description": _(
                "What the organisation does, in a few paragraphs. Plain text, or simple HTML "
                "(paragraphs, bold, italics, lists, web links); anything else is removed."
            ),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not self.instance.logo_id:
            del self.fields["remove_logo"]
        self.fields["actor_type"].empty_label = _("Choose a type")
        self.fields["year_founded"].widget.attrs.update({"min": 1000, "max": 2100})

    def clean(self):
        cleaned = super().clean()
        name, country = cleaned.get("name"), cleaned.get("country")
        if name and country:
            self._refuse_duplicate(name.strip(), country)
        return cleaned

    def _refuse_duplicate(self, name, country):
        others = Organisation.objects.filter(name__iexact=name, country=country)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        existing = others.published().first()
        if existing is not None:
            url = claim_url(existing)
            if url:
                message = format_html(
                    gettext(
                        "An organisation called {name} is already on the map in this "
                        'country. If it is yours, <a href="{url}">ask to claim it</a> '
                        "instead of creating it again."
                    ),
                    name=existing.name,
                    url=url,
                )
            else:
                message = gettext(
                    "An organisation with this name is already on the map in this country."
                )
            self.add_error("name", forms.ValidationError(message, code="duplicate"))
            return
        if self.user is not None and others.administered_by(self.user).exists():
            self.add_error(
                "name",
                forms.ValidationError(
                    _("You have already started a profile with this name in this country."),
                    code="duplicate_own",
                ),
            )

    def save(self, commit=True):
        organisation = super().save(commit=False)
        if self.cleaned_data.get("remove_logo"):
            organisation.logo = None
        upload = self.cleaned_data.get("logo_file")
        if upload:
            organisation.logo = self._store_logo(upload, organisation.name)
        if commit:
            organisation.save()
            self.save_m2m()
        return organisation

    def _store_logo(self, upload, title):
        image = get_image_model()(
            title=title[:255],
            collection=Collection.get_first_root_node(),
            uploaded_by_user=self.user,
        )
        image.file = upload
        # Wagtail's own upload form records the size and hash the same way.
        image._set_image_file_metadata()
        image.save()
        return image


class LocationForm(forms.ModelForm):
    """Step 2, "Where you are"."""

    latitude = forms.FloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        help_text=_("In decimal degrees, between -90 and 90 (Évry is 48.63)."),
        error_messages={
            "min_value": _("The latitude must be between -90 and 90 degrees."),
            "max_value": _("The latitude must be between -90 and 90 degrees."),
            "invalid": _("Enter the latitude as a number of degrees, such as 48.63."),
        },
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    longitude = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        help_text=_("In decimal degrees, between -180 and 180 (Évry is 2.44)."),
        error_messages={
            "min_value": _("The longitude must be between -180 and 180 degrees."),
            "max_value": _("The longitude must be between -180 and 180 degrees."),
            "invalid": _("Enter the longitude as a number of degrees, such as 2.44."),
        },
        widget=forms.NumberInput(attrs={"step": "any"}),
    )

    class Meta:
        model = Organisation
        fields = ["city", "latitude", "longitude"]

    # Organisation.clean() refuses one coordinate without the other, with its own message.


class ValueChainForm(forms.ModelForm):
    """Step 3, "Where you stand on the value chain"."""

    stages = TermMultipleChoiceField(
        ValueChainStage.objects.all(),
        label=_("Value-chain stages"),
        required=False,
        help_text=_("Tick the stages you work at, and the sub-stages if you can be precise."),
    )
    technologies = TermMultipleChoiceField(
        Technology.objects.all(),
        families_selectable=False,
        label=_("Technologies and products"),
        required=False,
    )

    class Meta:
        model = Organisation
        fields = ["stages", "technologies"]


class OffersForm(forms.ModelForm):
    """Step 4, "What you offer and seek"."""

    class Meta:
        model = Organisation
        fields = [
            "capabilities",
            "services",
            "capacity",
            "equipment",
            "seeks",
            "certifications",
            "partner_contact_email",
        ]
        widgets = {
            "capabilities": forms.Textarea(attrs={"rows": 4}),
            "services": forms.Textarea(attrs={"rows": 4}),
            "capacity": forms.Textarea(attrs={"rows": 3}),
            "equipment": forms.Textarea(attrs={"rows": 3}),
            "seeks": forms.Textarea(attrs={"rows": 4}),
            "certifications": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "seeks": _("Partners, services, skills or funding you are looking for."),
            "partner_contact_email": _(
                "Where partners can write to you. Shown only to signed-in members."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certifications"].queryset = Certification.objects.all()


# Claims and members -------------------------------------------------------------------


class ClaimForm(forms.ModelForm):
    class Meta:
        model = Claim
        fields = ["message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}
        labels = {"message": _("Your role in the organisation")}
        help_texts = {
            "message": _(
                "Who you are there and how staff can check it (a page of its website that "
                "names you, for example)."
            )
        }


class InvitationForm(forms.Form):
    """An admin invites a colleague by email, as an admin or a member."""

    email = forms.EmailField(label=_("Their email"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        help_text=_("Admins edit the profile and manage its members; members belong to it."),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.invitee = None

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        User = get_user_model()
        self.invitee = (
            User.objects.filter(
                Q(email__iexact=email)
                | Q(emailaddress__email__iexact=email, emailaddress__verified=True)
            )
            .distinct()
            .first()
        )
        who = Q(email__iexact=email)
        if self.invitee is not None:
            who |= Q(user=self.invitee)
        existing = self.organisation.memberships.filter(who).first()
        if existing is not None:
            if existing.state == Membership.State.ACTIVE:
                raise forms.ValidationError(
                    _("This person is already a member of the organisation."), code="member"
                )
            raise forms.ValidationError(
                _("This person has already been invited; they can accept from their email."),
                code="invited",
            )
        return email


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


# People -------------------------------------------------------------------------------


class MemberProfileForm(forms.ModelForm):
    """What a member shows of themselves and the fields they follow."""

    interest_stages = TermMultipleChoiceField(
        ValueChainStage.objects.all(), label=_("Stages of interest"), required=False
    )
    interest_technologies = TermMultipleChoiceField(
        Technology.objects.all(),
        families_selectable=False,
        label=_("Technologies of interest"),
        required=False,
    )

    class Meta:
        model = MemberProfile
        fields = [
            "display_name",
            "job_title",
            "organisation",
            "interest_stages",
            "interest_technologies",
            "interest_countries",
            "listed_in_directory",
        ]
        help_texts = {
            "display_name": _("How other members see you. Leave empty to use your email."),
            "organisation": _("One of the organisations you are an active member of."),
            "interest_countries": _(
                "Hold Ctrl (or Cmd) to choose several. The news you follow comes from these "
                "countries, stages and technologies."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            memberships__user=user, memberships__state=Membership.State.ACTIVE
        )
        self.fields["organisation"].empty_label = _("None")
        self.fields["interest_countries"].widget.attrs["size"] = 8
