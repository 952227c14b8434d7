"""The directory's list for machines: the filtered list as CSV, and a read-only JSON API.
Both read the directory's filters, so they show published organisations only."""

from __future__ import annotations

import csv

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import JsonResponse, StreamingHttpResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from actors.directory import DirectoryQuery
from actors.models import Organisation
from actors.records import Record, Records, profile_url_prefix

CSV_FILENAME = "cobioe-actors.csv"
CSV_COLUMNS = [
    "name",
    "acronym",
    "type",
    "country_code",
    "country",
    "city",
    "latitude",
    "longitude",
    "website",
    "stages",
    "sub_stages",
    "technologies",
    "certifications",
    "size",
    "year_founded",
    "verified",
    "last_confirmed",
    "profile_url",
]

# Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
ALLOWED_METHODS = ("GET", "HEAD")

# The licences of the imported records (ROR: CC0; GeoNames locations: CC BY) ask for this
# credit wherever the records are redistributed.
DATA_ATTRIBUTION = (
    "Imported organisations: ROR, the Research Organization Registry (https://ror.org, CC0); "
    "their locations: GeoNames (https://www.geonames.org, CC BY 4.0)."
)


# CSV ----------------------------------------------------------------------------------


class _Echo:
    """A file-like object that hands back what the csv writer writes, for streaming."""

    def write(self, value):
        return value


def formula_safe(value):
    """The cell as a spreadsheet will show it but never run it: text that starts like a
    formula gets a leading apostrophe. Numbers we wrote ourselves are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _names(terms) -> str:
    return "; ".join(term.name for term in terms)


def csv_row(record: Record, records: Records) -> list:
    return [
        record["name"],
        record["acronym"],
        record.actor_type.name,
        record["country"],
        record.country_name,
        record["city"],
        "" if record["latitude"] is None else record["latitude"],
        "" if record["longitude"] is None else record["longitude"],
        record["website"],
        _names(record.stages),
        _names(record.sub_stages),
        _names(record.technologies),
        _names(record.certifications),
        record["size_band"],
        record["year_founded"] or "",
        "true" if record["is_verified"] else "false",
        record["last_confirmed_at"].date().isoformat() if record["last_confirmed_at"] else "",
        records.profile_url(record),
    ]


def export_csv(request):
    query = DirectoryQuery.from_querydict(request.GET)
    records = Records(query.organisations(), profile_url_prefix(request), query.vocabularies)
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(CSV_COLUMNS)
        for record in records.stream():
            yield writer.writerow([formula_safe(cell) for cell in csv_row(record, records)])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{CSV_FILENAME}"'
    return response


# JSON API -----------------------------------------------------------------------------


def _terms(terms) -> list[dict]:
    return [{"slug": term.slug, "name": term.name} for term in terms]


def api_record(record: Record, records: Records, request) -> dict:
    logo = records.logo_url(record)
    return {
        "name": record["name"],
        "slug": record["slug"],
        "acronym": record["acronym"],
        "type": {"slug": record.actor_type.slug, "name": record.actor_type.name},
        "description": record["description"],
        "website": record["website"],
        "logo": request.build_absolute_uri(logo) if logo else None,
        "country": {"code": record["country"], "name": record.country_name},
        "city": record["city"],
        "latitude": record["latitude"],
        "longitude": record["longitude"],
        "stages": _terms(record.stages),
        "sub_stages": _terms(record.sub_stages),
        "technologies": _terms(record.technologies),
        "certifications": _terms(record.certifications),
        "size": record["size_band"],
        "year_founded": record["year_founded"],
        "capabilities": record["capabilities"],
        "services": record["services"],
        "capacity": record["capacity"],
        "equipment": record["equipment"],
        "seeks": record["seeks"],
        "verified": record["is_verified"],
        "verified_at": record["verified_at"] if record["is_verified"] else None,
        "last_confirmed": record["last_confirmed_at"],
        "source": record["source"],
        "source_id": record["source_id"],
        "url": records.profile_url(record),
        "api_url": request.build_absolute_uri(
            reverse("actors:api_detail", kwargs={"slug": record["slug"]})
        ),
    }


def _error(message: str, status: int, **headers) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def _read_only(view):
    """Answer anything but GET and HEAD with a JSON 405."""

    def wrapped(request, *args, **kwargs):
        if request.method not in ALLOWED_METHODS:
            return _error(
                _("This API is read-only: use GET."), 405, Allow=", ".join(ALLOWED_METHODS)
            )
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


class _Paginator(Paginator):
    """Pages the rows, but counts a plain queryset: the rows carry joins a count needs not."""

    def __init__(self, object_list, per_page, *, count_queryset):
        super().__init__(object_list, per_page)
        self.count_queryset = count_queryset

    @cached_property
    def count(self):
        return self.count_queryset.count()


def _page_size(raw: str | None) -> int | None:
    if raw is None or raw == "":
        return DEFAULT_PAGE_SIZE
    try:
        size = int(raw)
    except ValueError:
        return None
    return size if 1 <= size <= MAX_PAGE_SIZE else None


def _page_link(request, number: int) -> str:
    params = request.GET.copy()
    params["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


@_read_only
def api_list(request):
    """Published organisations matching the directory's filters, a page at a time."""
    page_size = _page_size(request.GET.get("page_size"))
    if page_size is None:
        return _error(
            _("page_size must be a whole number between 1 and %(max)d.") % {"max": MAX_PAGE_SIZE},
            400,
        )
    query = DirectoryQuery.from_querydict(request.GET)
    records = Records(query.organisations(), profile_url_prefix(request), query.vocabularies)
    paginator = _Paginator(records.queryset, page_size, count_queryset=records.organisations)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        return _error(_("page must be a whole number."), 400)
    except EmptyPage:
        return _error(
            _("There is no page %(page)s: the last page is %(last)d.")
            % {"page": request.GET.get("page"), "last": paginator.num_pages},
            404,
        )
    return JsonResponse(
        {
            "count": paginator.count,
            "next": _page_link(request, page.next_page_number()) if page.has_next() else None,
            "previous": (
                _page_link(request, page.previous_page_number()) if page.has_previous() else None
            ),
            "notes": query.notes,
            "attribution": DATA_ATTRIBUTION,
            "results": [api_record(record, records, request) for record in records.complete(page)],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@_read_only
def api_detail(request, slug):
    """One published organisation."""
    records = Records(
        Organisation.objects.published().filter(slug=slug), profile_url_prefix(request)
    )
    found = records.complete(records.queryset)
    if not found:
        return _error(_("No published organisation has this address."), 404)
    return JsonResponse(
        api_record(found[0], records, request), json_dumps_params={"ensure_ascii": False}
    )


urlpatterns = [
    path("export.csv", export_csv, name="export_csv"),
    path("api/organisations/", api_list, name="api_list"),
    path("api/organisations/<slug:slug>/", api_detail, name="api_detail"),
]
