"""Demo actors for `seed_demo`: the shipped ROR subset, the COBIOE consortium, a few
fictional organisations spread over the chain, and a demo member who runs one of them."""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from actors.importer import SOURCE as ROR_SOURCE
from actors.importer import Importer
from actors.models import (
    ActorType,
    Certification,
    MemberProfile,
    Membership,
    Organisation,
    Technology,
    ValueChainStage,
)

SUBSET = Path(__file__).resolve().parent / "data" / "ror-life-sciences-europe.csv"
DEMO_SOURCE = "demo"

MEMBER_EMAIL = "member@cobioe.example"
MEMBER_PASSWORD_ENV = "COBIOE_DEMO_MEMBER_PASSWORD"  # noqa: S105 - the variable's name
MEMBER_DEFAULT_PASSWORD = "cobioe-demo-member"  # noqa: S105 - the documented demo password
MEMBER_ORGANISATION = "helixa-cell-manufacturing-demo"

FICTIONAL_NOTE = "<p><strong>Fictional organisation, made up for the demo site.</strong></p>"


@dataclass(frozen=True)
class DemoActor:
    slug: str
    name: str
    actor_type: str
    country: str
    city: str
    latitude: float
    longitude: float
    description: str
    stages: tuple[str, ...]
    technologies: tuple[str, ...]
    acronym: str = ""
    website: str = ""
    year_founded: int | None = None
    size_band: str = ""
    capabilities: str = ""
    services: str = ""
    capacity: str = ""
    equipment: str = ""
    seeks: str = ""
    certifications: tuple[str, ...] = field(default=())
    # The ROR record this actor is, when the registry has it: the seed enriches that record
    # (or creates it under its ROR id) so that an import never duplicates it.
    ror_id: str = ""


CONSORTIUM = (
    DemoActor(
        slug="genopole",
        name="Genopole",
        actor_type="cluster-and-network",
        country="FR",
        city="Évry-Courcouronnes",
        latitude=48.63389,
        longitude=2.44417,
        website="https://www.genopole.fr",
        year_founded=1998,
        ror_id="https://ror.org/0380k9k47",
        description=(
            "<p>A biocluster for genetics and biotechnologies in health and the environment, "
            "in Évry-Courcouronnes (France): 65 biotech companies, 17 research laboratories "
            "and 25 technology platforms, with training programmes run with the University "
            "of Évry-Paris Saclay.</p>"
            "<p>Genopole coordinates COBIOE, the European project behind this platform: it "
            "conceptualises the European biotherapy value chains and runs the project's "
            "communication.</p>"
        ),
        stages=("training", "research-and-development", "industrialisation", "production"),
        technologies=("cell-therapy", "gene-therapy"),
        services="Hosting and support for biotech companies, shared technology platforms.",
    ),
    DemoActor(
        slug="cebr",
        name="CEBR",
        acronym="CEBR",
        actor_type="cluster-and-network",
        country="BE",
        city="Brussels",
        latitude=50.85045,
        longitude=4.34878,
        description=(
            "<p>A European network of regional life-science clusters and ecosystems, "
            "based in Brussels. Partner of COBIOE.</p>"
        ),
        stages=("research-and-development", "industrialisation", "post-market"),
        technologies=("cell-therapy", "gene-therapy", "monoclonal-antibodies", "vaccines"),
    ),
    DemoActor(
        slug="eit-health",
        name="EIT Health",
        actor_type="cluster-and-network",
        country="DE",
        city="Munich",
        latitude=48.13743,
        longitude=11.57549,
        website="https://eithealth.eu",
        year_founded=2015,
        ror_id="https://ror.org/035d8s815",
        description=(
            "<p>A knowledge and innovation community set up by the European Institute of "
            "Innovation and Technology (EIT), headquartered in Munich. Partner of COBIOE, "
            "through EIT Health France.</p>"
        ),
        stages=("training", "research-and-development", "patient-access"),
        technologies=("cell-therapy", "gene-therapy", "nucleic-acid-and-mrna-products"),
    ),
    DemoActor(
        slug="health-cluster-portugal",
        name="Health Cluster Portugal",
        acronym="HCP",
        actor_type="cluster-and-network",
        country="PT",
        city="Porto",
        latitude=41.14961,
        longitude=-8.61099,
        website="https://www.healthclusterportugal.pt",
        ror_id="https://ror.org/026cgcq38",
        description=(
            "<p>An association of life-science clusters in Portugal. Partner of COBIOE.</p>"
        ),
        stages=("research-and-development", "production", "post-market"),
        technologies=("monoclonal-antibodies", "vaccines", "cell-therapy"),
    ),
    DemoActor(
        slug="scanbalt",
        name="ScanBalt",
        actor_type="cluster-and-network",
        country="DK",
        city="Copenhagen",
        latitude=55.67594,
        longitude=12.56553,
        description=(
            "<p>A metacluster of health institutions and actors around the Baltic Sea. "
            "Partner of COBIOE.</p>"
        ),
        stages=(
            "research-and-development",
            "industrialisation",
            "health-systems-and-sustainability",
        ),
        technologies=("gene-therapy", "recombinant-proteins", "vaccines"),
    ),
)

FICTIONAL = (
    DemoActor(
        slug=MEMBER_ORGANISATION,
        name="Helixa Cell Manufacturing (demo)",
        actor_type="cdmo-cmo",
        country="FR",
        city="Lyon",
        latitude=45.74846,
        longitude=4.84671,
        size_band="50-249",
        year_founded=2016,
        description="<p>Contract manufacturing of autologous and allogeneic cell therapies.</p>",
        stages=("clinical-manufacturing", "commercial-manufacturing", "quality-control"),
        technologies=("cell-therapy",),
        capabilities="GMP manufacturing of CAR-T and other cell therapies; release testing.",
        capacity="Six grade-B clean rooms; about 300 patient batches a year.",
        equipment="Closed automated cell-processing systems, cryogenic storage.",
        seeks="Developers of cell therapies entering phase I/II; process-development partners.",
        certifications=("gmp", "iso-9001"),
    ),
    DemoActor(
        slug="vectorium-biologics-demo",
        name="Vectorium Biologics (demo)",
        actor_type="sme-start-up",
        country="NL",
        city="Leiden",
        latitude=52.15833,
        longitude=4.49306,
        size_band="10-49",
        year_founded=2019,
        description="<p>Process development and scale-up of AAV and lentiviral vectors.</p>",
        stages=("process-development", "scale-up"),
        technologies=("gene-therapy",),
        services="Upstream and downstream process development, tech transfer packages.",
        seeks="A GMP manufacturer for clinical batches of viral vectors.",
    ),
    DemoActor(
        slug="nordfjord-fill-and-finish-demo",
        name="Nordfjord Fill & Finish (demo)",
        actor_type="cdmo-cmo",
        country="NO",
        city="Bergen",
        latitude=60.39299,
        longitude=5.32415,
        size_band="50-249",
        description="<p>Aseptic fill and finish of biologics in vials and syringes.</p>",
        stages=("fill-and-finish", "quality-control"),
        technologies=("monoclonal-antibodies", "vaccines"),
        capacity="Two isolator lines, up to 20 million units a year.",
        certifications=("gmp", "gdp"),
    ),
    DemoActor(
        slug="academia-cellularis-institute-demo",
        name="Academia Cellularis Institute (demo)",
        actor_type="academic-and-research",
        country="IT",
        city="Bologna",
        latitude=44.49381,
        longitude=11.33875,
        description="<p>Discovery and preclinical research on engineered immune cells.</p>",
        stages=("discovery-research", "preclinical-development"),
        technologies=("cell-therapy", "tissue-engineering"),
        seeks="Industrial partners to take two CAR-NK candidates to the clinic.",
        certifications=("glp",),
    ),
    DemoActor(
        slug="bioskills-campus-demo",
        name="BioSkills Campus (demo)",
        actor_type="university-and-training",
        country="BE",
        city="Ghent",
        latitude=51.05,
        longitude=3.71667,
        description="<p>Hands-on GMP training for biomanufacturing operators and QA staff.</p>",
        stages=("initial-education", "continuing-training"),
        technologies=("cell-therapy", "gene-therapy", "monoclonal-antibodies"),
        services="Short courses in a teaching clean room; apprenticeships with industry.",
    ),
    DemoActor(
        slug="alpine-antibody-works-demo",
        name="Alpine Antibody Works (demo)",
        actor_type="large-company",
        country="CH",
        city="Basel",
        latitude=47.55839,
        longitude=7.57327,
        size_band="1000+",
        description="<p>Commercial-scale production of antibodies and recombinant proteins.</p>",
        stages=("commercial-manufacturing", "scale-up"),
        technologies=("monoclonal-antibodies", "recombinant-proteins"),
        capacity="Stainless-steel and single-use bioreactors up to 15,000 litres.",
        certifications=("gmp", "iso-14001"),
    ),
    DemoActor(
        slug="baltic-mrna-platform-demo",
        name="Baltic mRNA Platform (demo)",
        actor_type="technology-platform",
        country="EE",
        city="Tartu",
        latitude=58.38062,
        longitude=26.72509,
        description="<p>A shared platform for mRNA synthesis and lipid-nanoparticle "
        "formulation, open to academic and industrial users.</p>",
        stages=("preclinical-development", "process-development"),
        technologies=("nucleic-acid-and-mrna-products", "vaccines"),
        equipment="Microfluidic LNP formulation, analytical HPLC and mass spectrometry.",
    ),
    DemoActor(
        slug="access2therapy-patients-network-demo",
        name="Access2Therapy Patients' Network (demo)",
        actor_type="association-and-patient-organisation",
        country="ES",
        city="Madrid",
        latitude=40.4165,
        longitude=-3.70256,
        description="<p>Patients' organisations working for fair access to advanced "
        "therapies across Europe.</p>",
        stages=("patient-access", "health-systems-and-sustainability", "regulation"),
        technologies=("cell-therapy", "gene-therapy"),
        seeks="Manufacturers and hospitals ready to share data on treatment access.",
    ),
)


def seed(stdout):
    """Create what is missing of the demo actors, and say what was created and found."""
    with transaction.atomic():
        seeder = ActorsSeeder()
        seeder.run()
    # Newlines of our own: seed_demo passes an OutputWrapper, which adds none to a line
    # that has one, but a plain stream adds none at all.
    stdout.write("Actors demo content:\n")
    for line in seeder.report:
        stdout.write(f"  {line}\n")
    stdout.write(f"{seeder.member_line}\n")


class ActorsSeeder:
    def __init__(self):
        self.report = []
        self.member_line = ""
        self.now = timezone.now()
        self.verifier = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()

    def run(self):
        self.ensure_vocabularies()
        self.import_subset()
        self.ensure_actors("COBIOE consortium", CONSORTIUM, source="")
        self.ensure_actors("Fictional demo organisations", FICTIONAL, source=DEMO_SOURCE)
        self.ensure_member()

    @staticmethod
    def ensure_vocabularies():
        """The stages, technologies and actor types the data migration seeds. A database
        emptied after migrating (`flush`, a transactional test's teardown) has lost them;
        the migration's function only adds the terms missing by slug."""
        migration = importlib.import_module("actors.migrations.0002_seed_vocabularies")
        migration.seed(apps, None)

    def import_subset(self):
        report = Importer().run(SUBSET)
        found = report.unchanged + report.updated + len(report.kept_records)
        line = f"ROR life-sciences subset: {report.created:,} created, {found:,} found"
        if report.rejected:
            reasons = sorted({note.message for note in report.rejected})
            line += f", {len(report.rejected)} rows left out ({'; '.join(reasons)})"
        self.report.append(line)

    def ensure_actors(self, label, actors, source):
        outcomes = {"created": [], "enriched": [], "found": []}
        for actor in actors:
            organisation = self.find(actor)
            if organisation is None:
                organisation = Organisation(
                    slug=actor.slug,
                    source=ROR_SOURCE if actor.ror_id else source,
                    source_id=actor.ror_id,
                    status=Organisation.Status.PUBLISHED,
                    **{
                        name: getattr(actor, name)
                        for name in (
                            "name",
                            "acronym",
                            "country",
                            "city",
                            "latitude",
                            "longitude",
                            "website",
                            "year_founded",
                        )
                    },
                )
                outcome = "created"
            elif not organisation.description:
                # A bare record from the registry: the seed adds what the registry lacks.
                outcome = "enriched"
            else:
                outcomes["found"].append(actor.name)
                continue
            self.describe(organisation, actor)
            outcomes[outcome].append(actor.name)
        parts = [f"{what} {', '.join(names)}" for what, names in outcomes.items() if names]
        self.report.append(f"{label}: {'; '.join(parts)}")

    @staticmethod
    def find(actor):
        if actor.ror_id:
            found = Organisation.objects.filter(source=ROR_SOURCE, source_id=actor.ror_id).first()
            if found:
                return found
        return Organisation.objects.filter(slug=actor.slug).first()

    def describe(self, organisation, actor):
        organisation.actor_type = ActorType.objects.get(slug=actor.actor_type)
        if actor.acronym:
            organisation.acronym = actor.acronym
        for name in (
            "description",
            "size_band",
            "capabilities",
            "services",
            "capacity",
            "equipment",
            "seeks",
        ):
            setattr(organisation, name, getattr(actor, name))
        if organisation.source == DEMO_SOURCE:
            organisation.description = FICTIONAL_NOTE + organisation.description
        else:
            organisation.is_verified = True
            organisation.verified_by = self.verifier
            organisation.verified_at = self.now
        organisation.last_confirmed_at = self.now
        organisation.save()
        organisation.stages.set(ValueChainStage.objects.filter(slug__in=actor.stages))
        organisation.technologies.set(Technology.objects.filter(slug__in=actor.technologies))
        organisation.certifications.set(Certification.objects.filter(slug__in=actor.certifications))

    def ensure_member(self):
        user_model = get_user_model()
        env_password = os.environ.get(MEMBER_PASSWORD_ENV)
        user = user_model.objects.filter(email__iexact=MEMBER_EMAIL).first()
        if user is None:
            password = env_password or MEMBER_DEFAULT_PASSWORD
            user = user_model.objects.create_user(
                username=MEMBER_EMAIL, email=MEMBER_EMAIL, password=password
            )
            outcome = "created"
        else:
            outcome = "found"
            password = next(
                (
                    candidate
                    for candidate in (MEMBER_DEFAULT_PASSWORD, env_password)
                    if candidate and check_password(candidate, user.password)
                ),
                None,
            )
        EmailAddress.objects.get_or_create(
            user=user, email=MEMBER_EMAIL, defaults={"verified": True, "primary": True}
        )
        organisation = Organisation.objects.get(slug=MEMBER_ORGANISATION)
        Membership.objects.get_or_create(
            organisation=organisation,
            user=user,
            defaults={
                "role": Membership.Role.ADMIN,
                "state": Membership.State.ACTIVE,
                "joined_at": self.now,
            },
        )
        profile, created = MemberProfile.objects.get_or_create(
            user=user,
            defaults={
                "display_name": "Demo Member",
                "job_title": "Head of manufacturing (demo)",
                "organisation": organisation,
                "interest_countries": ["FR", "BE", "NL"],
            },
        )
        if created:
            profile.interest_stages.set(ValueChainStage.objects.filter(slug="production"))
            profile.interest_technologies.set(Technology.objects.filter(slug="cell-therapy"))
        self.report.append(
            f"Demo member account {MEMBER_EMAIL!r}: {outcome}, admin of {organisation.name}"
        )
        login_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("account_login")
        shown = password if password else "left unchanged (not the demo default)"
        self.member_line = f"Demo member: {login_url} — email {MEMBER_EMAIL}, password {shown}"
