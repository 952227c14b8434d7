"""Import organisations from the European ROR extract (format: actors/data/README.md): an
idempotent upsert keyed on the ROR id, checked row by row, written in one transaction."""

from __future__ import annotations

import csv
import io
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import OutputWrapper
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_countries import countries

from actors.models import RESERVED_SLUGS, ActorType, Membership, Organisation

SOURCE = "ror"

# Read from every row; a file without one of them is refused before anything is written.
REQUIRED_COLUMNS = (
    "ror_id",
    "name",
    "acronyms",
    "types",
    "country_code",
    "city",
    "lat",
    "lng",
    "website",
    "established",
)

# The fields the registry owns. Re-importing updates these, and nothing else, on the records
# nobody has taken charge of (see `Importer.keeper()`).
IMPORTED_FIELDS = (
    "name",
    "acronym",
    "city",
    "country",
    "latitude",
    "longitude",
    "website",
    "year_founded",
)

# A ROR record often has several types ("education|funder"); the first of these that an
# actor type claims decides, the most telling first.
TYPE_PRIORITY = (
    "healthcare",
    "company",
    "education",
    "government",
    "funder",
    "facility",
    "nonprofit",
    "other",
    "archive",
)
FALLBACK_TYPE = "academic-and-research"

BATCH_SIZE = 1000

# An organisation's `created_at` and `updated_at` are set by the same INSERT (microseconds
# apart), and the importer's refreshes leave `updated_at` alone; so a record whose
# `updated_at` is later than this after its creation was saved on the platform since.
EDITED_AFTER = timedelta(seconds=1)

# Why an existing record is kept as it is, in the order they are told.
KEPT_CLAIMED = "claimed"
KEPT_VERIFIED = "verified"
KEPT_EDITED = "edited"

# https://ror.org/ + "0", six Crockford base-32 characters and a two-digit checksum.
ROR_ID = re.compile(r"^https://ror\.org/0[0-9a-hjkmnp-tv-z]{6}[0-9]{2}$")
UTF8_BOM = b"\xef\xbb\xbf"

validate_web_address = URLValidator(schemes=["http", "https"])


class ImportFileError(Exception):
    """The file cannot be imported at all (header, encoding, CSV syntax): nothing written."""


class ImportAborted(Exception):
    """Strict mode met a rejected row: nothing written. Carries the report of the check."""

    def __init__(self, report: ImportReport):
        super().__init__(_("%(n)d row(s) rejected in strict mode.") % {"n": len(report.rejected)})
        self.report = report


class RowError(Exception):
    """Why a row is rejected."""


@dataclass
class RowNote:
    line: int
    source_id: str
    message: str

    def __str__(self):
        return _("line %(line)d, %(id)s: %(message)s") % {
            "line": self.line,
            "id": self.source_id or _("no ROR id"),
            "message": self.message,
        }


@dataclass
class RecordNote:
    """An existing record the run updated, or kept although it had the right to update it."""

    source_id: str
    name: str
    # The imported fields where the file differs from the record (before the update).
    fields: tuple[str, ...]
    previous_name: str = ""
    kept: str = ""

    def __str__(self):
        name = self.name
        if self.previous_name and self.previous_name != self.name:
            name = _("%(name)s (was “%(previous)s”)") % {
                "name": name,
                "previous": self.previous_name,
            }
        if not self.kept:
            return f"{self.source_id} {name}: {', '.join(self.fields)}"
        reason = {
            KEPT_CLAIMED: _("claimed"),
            KEPT_VERIFIED: _("verified by staff"),
            KEPT_EDITED: _("edited on the platform since imported"),
        }[self.kept]
        if self.fields:
            detail = _("the file differs in %(fields)s") % {"fields": ", ".join(self.fields)}
        else:
            detail = _("same as the file")
        return f"{self.source_id} {name}: {reason}; {detail}"


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    unchanged: int = 0
    updated_records: list[RecordNote] = field(default_factory=list)
    kept_records: list[RecordNote] = field(default_factory=list)
    rejected: list[RowNote] = field(default_factory=list)
    warnings: list[RowNote] = field(default_factory=list)
    dry_run: bool = False

    @property
    def updated(self) -> int:
        return len(self.updated_records)

    def kept(self, reason: str) -> int:
        return sum(1 for note in self.kept_records if note.kept == reason)

    @property
    def claimed(self) -> int:
        return self.kept(KEPT_CLAIMED)

    @property
    def verified(self) -> int:
        return self.kept(KEPT_VERIFIED)

    @property
    def edited(self) -> int:
        return self.kept(KEPT_EDITED)

    @property
    def skipped(self) -> int:
        return self.unchanged + len(self.kept_records)


@dataclass
class ParsedRow:
    line: int
    source_id: str
    types: frozenset[str]
    values: dict


class ProgressBar:
    """A one-line progress bar on a terminal; silent when the stream is not a terminal
    (a log file or a test), where a line per step would only be noise."""

    width = 30

    def __init__(self, stream, label: str, total: int):
        isatty = getattr(stream, "isatty", None)
        self.enabled = bool(stream is not None and isatty and isatty() and total)
        self.stream, self.label, self.total = stream, label, total
        self.done, self.shown = 0, -1

    def advance(self, step: int = 1):
        self.done = min(self.total, self.done + step)
        if not self.enabled:
            return
        percent = self.done * 100 // self.total
        if percent == self.shown:
            return
        self.shown = percent
        filled = self.width * self.done // self.total
        bar = "#" * filled + "." * (self.width - filled)
        self._write(f"\r{self.label} [{bar}] {percent:3d}% {self.done:,}/{self.total:,}")

    def close(self):
        if self.enabled:
            self._write("\n")

    def _write(self, text: str):
        # Django's OutputWrapper would end every update with a newline, and colour stderr
        # as an error.
        if isinstance(self.stream, OutputWrapper):
            self.stream.write(text, style_func=str, ending="")
        else:
            self.stream.write(text)
        self.stream.flush()


# Reading the file ---------------------------------------------------------------------


def read_rows(path) -> tuple[list[tuple[int, dict]], int]:
    """The rows of the file as (line number, {column: value}), and the header's width,
    after checking that it is UTF-8 CSV with the required columns."""
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise ImportFileError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error}
        ) from None
    raw = raw.removeprefix(UTF8_BOM)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ImportFileError(
            _(
                "The file is not valid UTF-8: line %(line)d has a byte (0x%(byte)02x) that "
                "UTF-8 does not allow. Save the file as UTF-8 and import it again; nothing "
                "was imported."
            )
            % {"line": line, "byte": raw[error.start]}
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [column.strip() for column in next(reader, [])]
        if not any(header):
            raise ImportFileError(_("The file is empty; nothing was imported."))
        missing = [column for column in REQUIRED_COLUMNS if column not in header]
        if missing:
            raise ImportFileError(
                _(
                    "The header lacks the required column(s) %(missing)s; nothing was imported. "
                    "Expected the columns of the ROR extract: %(expected)s."
                )
                % {"missing": ", ".join(missing), "expected": ", ".join(REQUIRED_COLUMNS)}
            )
        rows = []
        for values in reader:
            if not values or values == [""]:
                continue
            row = dict(zip(header, values, strict=False))
            if len(values) != len(header):
                row["__width__"] = len(values)
            rows.append((reader.line_num, row))
    except csv.Error as error:
        raise ImportFileError(
            _("Line %(line)d is not valid CSV (%(error)s); nothing was imported.")
            % {"line": reader.line_num, "error": error}
        ) from None
    return rows, len(header)


def parse_row(line: int, row: dict, width: int, warnings: list[RowNote]) -> ParsedRow:
    """The organisation's fields from a row, or RowError with the reason to reject it."""
    source_id = row.get("ror_id", "").strip()
    if "__width__" in row:
        raise RowError(
            _("%(found)d fields where the header has %(expected)d")
            % {"found": row["__width__"], "expected": width}
        )
    if not source_id:
        raise RowError(_("missing ROR id"))
    if not ROR_ID.match(source_id):
        raise RowError(_("“%(value)s” is not a ROR id") % {"value": source_id})
    # PostgreSQL refuses NUL in text: one such row would fail the whole import.
    if any("\x00" in value for value in row.values() if isinstance(value, str)):
        raise RowError(_("contains a NUL character"))

    # Extracts built with --all-statuses carry inactive and withdrawn records: not actors.
    status = row.get("status", "").strip().lower()
    if status and status != "active":
        raise RowError(_("ROR status “%(value)s”, not active") % {"value": status})

    name = " ".join(row["name"].split())
    if not name:
        raise RowError(_("missing name"))
    if len(name) > 255:
        raise RowError(_("name longer than 255 characters"))

    country = row["country_code"].strip().upper()
    if not country:
        raise RowError(_("missing country code"))
    if country not in countries:
        raise RowError(_("unknown country code “%(value)s”") % {"value": country})

    city = " ".join(row["city"].split())
    if len(city) > 120:
        raise RowError(_("city longer than 120 characters"))

    latitude = parse_coordinate(row["lat"], 90, _("latitude"))
    longitude = parse_coordinate(row["lng"], 180, _("longitude"))
    if (latitude is None) != (longitude is None):
        raise RowError(_("latitude and longitude must be given together"))

    year = row["established"].strip()
    if year:
        if not year.isdigit() or not 1000 <= int(year) <= timezone.now().year:
            raise RowError(_("bad founding year “%(value)s”") % {"value": year})
        year = int(year)
    else:
        year = None

    # A bad web address does not make the organisation wrong: it is imported without it.
    website = row["website"].strip()
    if website:
        try:
            if len(website) > 500:
                raise ValidationError("too long")
            validate_web_address(website)
        except ValidationError:
            warnings.append(
                RowNote(
                    line,
                    source_id,
                    _("website “%(value)s” dropped: not an http(s) address")
                    % {"value": website[:100]},
                )
            )
            website = ""

    acronyms = [item.strip() for item in row["acronyms"].split("|")]
    acronym = next((item for item in acronyms if item and len(item) <= 80), "")

    types = frozenset(item.strip().lower() for item in row["types"].split("|") if item.strip())
    return ParsedRow(
        line=line,
        source_id=source_id,
        types=types,
        values={
            "name": name,
            "acronym": acronym,
            "city": city,
            "country": country,
            "latitude": latitude,
            "longitude": longitude,
            "website": website,
            "year_founded": year,
        },
    )


def parse_coordinate(raw: str, limit: int, what: str) -> float | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise RowError(
            _("%(what)s “%(value)s” is not a number") % {"what": what, "value": raw}
        ) from None
    if not math.isfinite(value) or not -limit <= value <= limit:
        raise RowError(
            _("%(what)s %(value)s is out of range (-%(limit)d to %(limit)d)")
            % {"what": what, "value": raw, "limit": limit}
        )
    return value


# Mapping the registry's types ---------------------------------------------------------


class TypeMapper:
    """Chooses our actor type from a record's ROR types, through `ActorType.source_types`."""

    def __init__(self):
        actor_types = list(ActorType.objects.prefetch_related("default_stages"))
        self.by_source_type = {}
        for actor_type in actor_types:
            for source_type in actor_type.source_type_list():
                self.by_source_type.setdefault(source_type.lower(), actor_type)
        self.fallback = next((t for t in actor_types if t.slug == FALLBACK_TYPE), None)
        if self.fallback is None:
            raise ImportFileError(
                _(
                    "The actor type “%(slug)s”, given to records whose types map to none, "
                    "is missing; restore it in the admin before importing."
                )
                % {"slug": FALLBACK_TYPE}
            )
        self.default_stages = {
            t.pk: [stage.pk for stage in t.default_stages.all()] for t in actor_types
        }

    def actor_type(self, types: frozenset[str]) -> ActorType:
        ranked = [*TYPE_PRIORITY, *sorted(types - set(TYPE_PRIORITY))]
        for source_type in ranked:
            if source_type in types and source_type in self.by_source_type:
                return self.by_source_type[source_type]
        return self.fallback


# The import ---------------------------------------------------------------------------


class Importer:
    """Reads, checks, then upserts. `run()` returns the report or raises ImportFileError /
    ImportAborted, having written nothing."""

    def __init__(self, progress=None, batch_size: int = BATCH_SIZE):
        self.progress = progress
        self.batch_size = batch_size

    def run(self, path, *, dry_run: bool = False, strict: bool = False) -> ImportReport:
        rows, width = read_rows(path)
        report = ImportReport(rows=len(rows), dry_run=dry_run)
        parsed = self.check(rows, width, report)
        if strict and report.rejected:
            raise ImportAborted(report)
        with transaction.atomic():
            self.write(parsed, report)
            if dry_run:
                transaction.set_rollback(True)
        return report

    def check(self, rows, width: int, report: ImportReport) -> list[ParsedRow]:
        parsed, first_line = [], {}
        bar = ProgressBar(self.progress, _("Checking rows"), len(rows))
        for line, row in rows:
            bar.advance()
            try:
                item = parse_row(line, row, width, report.warnings)
            except RowError as error:
                report.rejected.append(RowNote(line, row.get("ror_id", "").strip(), str(error)))
                continue
            if item.source_id in first_line:
                report.rejected.append(
                    RowNote(
                        line,
                        item.source_id,
                        _("duplicate of line %(line)d") % {"line": first_line[item.source_id]},
                    )
                )
                continue
            first_line[item.source_id] = line
            parsed.append(item)
        bar.close()
        return parsed

    def write(self, parsed: list[ParsedRow], report: ImportReport):
        mapper = TypeMapper()
        existing = {
            organisation.source_id: organisation
            for organisation in Organisation.objects.filter(source=SOURCE).only(
                "pk",
                "source_id",
                "description",
                "capabilities",
                "services",
                "capacity",
                "equipment",
                "is_verified",
                "created_at",
                "updated_at",
                *IMPORTED_FIELDS,
            )
        }
        claimed = set(
            Membership.objects.admins()
            .filter(organisation__source=SOURCE)
            .values_list("organisation_id", flat=True)
        )
        self.taken_slugs = set(Organisation.objects.values_list("slug", flat=True))
        self.slug_counters = defaultdict(int)
        to_create, to_update = [], []
        now = timezone.now()

        for item in parsed:
            organisation = existing.get(item.source_id)
            if organisation is None:
                organisation = Organisation(
                    **item.values,
                    slug=self.new_slug(item.values["name"]),
                    actor_type=mapper.actor_type(item.types),
                    status=Organisation.Status.PUBLISHED,
                    published_at=now,
                    source=SOURCE,
                    source_id=item.source_id,
                )
                organisation.search_text = organisation.build_search_text()
                to_create.append(organisation)
                continue
            differences = self.differences(organisation, item.values)
            kept = self.keeper(organisation, claimed)
            if kept:
                report.kept_records.append(
                    RecordNote(item.source_id, organisation.name, differences, kept=kept)
                )
            elif differences:
                report.updated_records.append(
                    RecordNote(
                        item.source_id,
                        item.values["name"],
                        differences,
                        previous_name=organisation.name,
                    )
                )
                for name, value in item.values.items():
                    setattr(organisation, name, value)
                organisation.search_text = organisation.build_search_text()
                to_update.append(organisation)
            else:
                report.unchanged += 1

        bar = ProgressBar(self.progress, _("Saving"), len(to_create) + len(to_update))
        stage_links = []
        through = Organisation.stages.through
        for start in range(0, len(to_create), self.batch_size):
            batch = Organisation.objects.bulk_create(to_create[start : start + self.batch_size])
            for organisation in batch:
                stage_links += [
                    through(organisation_id=organisation.pk, valuechainstage_id=stage_id)
                    for stage_id in mapper.default_stages[organisation.actor_type_id]
                ]
            bar.advance(len(batch))
        through.objects.bulk_create(stage_links, batch_size=self.batch_size * 4)
        for start in range(0, len(to_update), self.batch_size):
            batch = to_update[start : start + self.batch_size]
            # Not `updated_at`: it stays the time of the last write on the platform, which
            # is how the next run tells the records staff or admins have edited.
            Organisation.objects.bulk_update(batch, [*IMPORTED_FIELDS, "search_text"])
            bar.advance(len(batch))
        bar.close()
        report.created = len(to_create)

    @staticmethod
    def keeper(organisation: Organisation, claimed: set[int]) -> str:
        """Why the record is no longer the registry's to update, or "" if it still is:
        someone on the platform has taken charge of it.

        "Edited" rests on `updated_at`, as no field records the importer's last write:
        `Organisation.save()` moves it, the importer's bulk writes never do, so it is later
        than `created_at` only once the record was saved on the platform. The rule errs on
        the side of keeping: a record saved for any reason (a review decision, an edit
        undone, a refresh by an importer older than this rule) stays kept. Only writes that
        bypass `save()` (a queryset `update()`) go unseen; the admin and the site's forms
        all save."""
        if organisation.pk in claimed:
            return KEPT_CLAIMED
        if organisation.is_verified:
            return KEPT_VERIFIED
        if organisation.updated_at - organisation.created_at > EDITED_AFTER:
            return KEPT_EDITED
        return ""

    @staticmethod
    def differences(organisation: Organisation, values: dict) -> tuple[str, ...]:
        """The imported fields whose value in the file is not the record's."""
        found = []
        for name, value in values.items():
            current = getattr(organisation, name)
            if name == "country":
                current = current.code
            if current != value:
                found.append(name)
        return tuple(found)

    def new_slug(self, name: str) -> str:
        """A free slug, as `Organisation.unique_slug()` would give, without a query a row."""
        base = slugify(name)[:240] or "organisation"
        while True:
            self.slug_counters[base] += 1
            n = self.slug_counters[base]
            candidate = base if n == 1 else f"{base}-{n}"
            if candidate not in self.taken_slugs and candidate not in RESERVED_SLUGS:
                self.taken_slugs.add(candidate)
                return candidate
