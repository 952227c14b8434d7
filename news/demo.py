"""The newsroom's demo content for `seed_demo`: the News index under the home page, three
dozen articles over the last twelve months, and the demo member's news settings.

The COBIOE items keep to the project's facts; the sector items are made up, and say so
in their title ("(demo)") and in their first line, as the demo organisations do.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.rich_text import RichText
from wagtail.search.backends import get_search_backend

from actors.demo import MEMBER_EMAIL
from actors.models import MemberProfile, Organisation, Technology, ValueChainStage
from home.models import HomePage
from news.models import NewsIndexPage, NewsPage, NewsPageOrganisation, Subscription, Topic

INDEX_SLUG = "news"
FICTIONAL_NOTE = "Demo article: fictional news, made up for the demo site."
COBIOE_SITE = ("COBIOE", "https://www.cobioe.eu/")


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    title: str
    days_ago: int
    summary: str
    body: str
    topics: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    technologies: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    source: tuple[str, str] | None = None
    fictional: bool = True


def project(slug, title, days_ago, summary, body, **tags) -> DemoArticle:
    """An item about the COBIOE project: only the facts of shared/FACTS.md."""
    return DemoArticle(
        slug, title, days_ago, summary, body, fictional=False, source=COBIOE_SITE, **tags
    )


def sector(slug, title, days_ago, summary, body, **tags) -> DemoArticle:
    """A made-up item of the sector, marked as such."""
    return DemoArticle(f"{slug}-demo", f"{title} (demo)", days_ago, summary, body, **tags)


CONSORTIUM = ("genopole", "cebr", "eit-health", "health-cluster-portugal", "scanbalt")

ARTICLES = (
    project(
        "cobioe-a-european-project-for-health-biomanufacturing",
        "COBIOE: a European project for health biomanufacturing",
        4,
        "COBIOE, growing COnnection for BIO Ecosystems, works towards a shared, inclusive "
        "European strategy to strengthen and interconnect the health biomanufacturing sector.",
        "COBIOE was selected under Horizon Europe's European Innovation Ecosystems "
        "programme and is funded by the European Union. It was launched on 7 March 2023 in "
        "Brussels and runs for 24 months. Its aim: develop innovative biodrugs and "
        "biotherapies, raise production capacity, speed up commercialisation and secure "
        "European sovereignty in biomanufacturing, in line with the EU's IPCEI on Health.",
        topics=("project-news", "regulation-and-policy"),
        organisations=CONSORTIUM,
    ),
    project(
        "the-interconnection-platform-phase-one",
        "The interconnection platform: actors join the value chain",
        25,
        "In the platform's first phase, actors join, place themselves on the value chain "
        "and become visible to partners.",
        "Phase one of the COBIOE interconnection platform opened in January 2024 and was "
        "announced on 20 February 2024. Its target is to bring in 90% of European "
        "biomanufacturing actors. Members also get a tailorable economic monitoring of the "
        "news and trends of their fields.",
        topics=("project-news",),
        stages=("training", "research-and-development", "industrialisation", "production"),
        organisations=("genopole",),
    ),
    project(
        "phase-two-the-community",
        "Phase two of the platform: exchanges, working groups, partnerships",
        58,
        "The platform's second phase adds the community: exchanges between actors, "
        "working groups and new partnerships.",
        "After the mapping of the first phase, the second phase of the COBIOE platform is "
        "about the community: actors exchange, meet in working groups and start new "
        "partnerships, for business, skills, research and innovation.",
        topics=("project-news", "partnerships"),
    ),
    project(
        "why-biomanufacturing-matters",
        "Why biomanufacturing matters",
        95,
        "Medicines made with living systems can treat cancers, chronic and rare diseases, "
        "and can cut the environmental impact of drug production.",
        "Biomanufacturing makes medicines with living systems. They can treat cancers, "
        "chronic and rare diseases safely and effectively, and can reduce the environmental "
        "impact of drug production. COBIOE covers the bioproduction of innovative therapies "
        "(gene and cell therapies) and of biotech medicines.",
        topics=("project-news", "sustainability"),
        technologies=("innovative-therapies", "biotech-medicines"),
    ),
    project(
        "the-value-chain-from-training-to-patient-access",
        "The value chain, from training to patient access",
        130,
        "COBIOE looks at the whole value chain: training, R&D, industrialisation of "
        "processes, production and post-market.",
        "The project maps the European actors of the biomanufacturing value chain and "
        "connects them, especially isolated actors, by analysing complementarities and "
        "synergies. Post-market covers regulation, health systems and sustainability, and "
        "patient access. Genopole conceptualises the European biotherapy value chains.",
        topics=("project-news", "market-and-trends"),
        stages=(
            "training",
            "research-and-development",
            "industrialisation",
            "production",
            "post-market",
        ),
        organisations=("genopole",),
    ),
    project(
        "meet-the-consortium",
        "Meet the COBIOE consortium",
        170,
        "Genopole coordinates COBIOE with CEBR, EIT Health, Health Cluster Portugal and ScanBalt.",
        "Genopole, the coordinator, is a biocluster in Évry-Courcouronnes (France): 65 "
        "biotech companies, 17 research laboratories and 25 technology platforms. CEBR is a "
        "European network of regional life-science clusters and ecosystems; EIT Health a "
        "knowledge and innovation community set up by the European Institute of Innovation "
        "and Technology; Health Cluster Portugal an association of life-science clusters in "
        "Portugal; ScanBalt a metacluster of health institutions around the Baltic Sea.",
        topics=("project-news", "partnerships"),
        countries=("FR", "BE", "DE", "PT", "DK"),
        organisations=CONSORTIUM,
    ),
    project(
        "four-pillars",
        "COBIOE's four pillars",
        215,
        "A panorama of the sector, connection and partnerships, promotion of "
        "biomanufacturing, and the ecosystem's place in Europe's transitions.",
        "COBIOE rests on four pillars: an overview of the state of the art (the "
        "biomanufacturing panorama); connection and partnerships; promotion of "
        "biomanufacturing to decision makers and the public; and promotion of the "
        "ecosystem, in the green, digital and socio-economic transitions.",
        topics=("project-news", "sustainability"),
    ),
    project(
        "genopole-training-programmes",
        "Genopole and training in biotechnologies",
        300,
        "Genopole runs training programmes with the University of Évry-Paris Saclay.",
        "Beside its 65 biotech companies, 17 research laboratories and 25 technology "
        "platforms, Genopole runs training programmes with the University of Évry-Paris "
        "Saclay. Within COBIOE it also runs the project's communication.",
        topics=("project-news", "skills-and-training"),
        stages=("training",),
        countries=("FR",),
        organisations=("genopole",),
    ),
)

# Made-up sector news: (slug, title, days ago, topics, stages, technologies, countries,
# organisations, summary).
SECTOR = (
    (
        "viral-vector-plant-lyon",
        "A viral vector plant doubles its capacity near Lyon",
        2,
        ("manufacturing-capacity",),
        ("commercial-manufacturing",),
        ("gene-therapy",),
        ("FR",),
        (),
        "A contract manufacturer adds two 2,000-litre lines for AAV vectors.",
    ),
    (
        "car-t-hospital-production",
        "Hospitals make CAR-T cells on site in a pilot",
        9,
        ("research-and-innovation",),
        ("clinical-manufacturing",),
        ("cell-therapy",),
        ("ES",),
        (),
        "Three university hospitals test automated closed systems for point-of-care CAR-T.",
    ),
    (
        "mrna-fill-finish-baltic",
        "New fill-and-finish line for mRNA products by the Baltic",
        16,
        ("manufacturing-capacity",),
        ("fill-and-finish",),
        ("nucleic-acid-and-mrna-products",),
        ("DK", "SE"),
        ("scanbalt",),
        "A line for lipid nanoparticle products opens its doors.",
    ),
    (
        "seed-round-cell-therapy",
        "Cell therapy start-up closes a seed round",
        21,
        ("funding-and-investment",),
        ("preclinical-development",),
        ("cell-therapy",),
        ("BE",),
        (),
        "The money funds preclinical work on an allogeneic cell therapy.",
    ),
    (
        "gmp-training-portugal",
        "A GMP course for process technicians in Porto",
        30,
        ("skills-and-training",),
        ("continuing-training",),
        ("biotech-medicines",),
        ("PT",),
        ("health-cluster-portugal",),
        "Twelve weeks of hands-on training in a teaching cleanroom.",
    ),
    (
        "antibody-scale-up",
        "Antibody developer completes its scale-up to 2,000 litres",
        37,
        ("manufacturing-capacity",),
        ("scale-up",),
        ("monoclonal-antibodies",),
        ("DE",),
        (),
        "The process moved from 200 to 2,000 litres without changing its yield.",
    ),
    (
        "atmp-regulation-webinar",
        "Webinar: what the new pharmaceutical rules mean for ATMPs",
        44,
        ("regulation-and-policy", "events"),
        ("regulation",),
        ("other-atmps",),
        (),
        ("cebr",),
        "Regulatory experts answer questions from developers of advanced therapies.",
    ),
    (
        "tissue-engineering-consortium",
        "Tissue engineering labs form a research consortium",
        51,
        ("partnerships", "research-and-innovation"),
        ("discovery-research",),
        ("tissue-engineering",),
        ("IT", "NL"),
        (),
        "Four labs pool their bioprinting platforms.",
    ),
    (
        "vaccine-plant-green-energy",
        "Vaccine plant runs on renewable power",
        63,
        ("sustainability",),
        ("commercial-manufacturing",),
        ("vaccines",),
        ("IE",),
        (),
        "Heat recovery and solar power cut the site's emissions by a third.",
    ),
    (
        "tech-transfer-office",
        "Regional tech transfer office for bioprocesses opens",
        70,
        ("partnerships",),
        ("technology-transfer",),
        ("biotech-medicines",),
        ("PL",),
        (),
        "It helps academic teams hand their processes over to manufacturers.",
    ),
    (
        "qc-rapid-sterility",
        "Rapid sterility testing cuts release times for cell therapies",
        78,
        ("research-and-innovation",),
        ("quality-control",),
        ("cell-therapy",),
        ("FR",),
        (),
        "A validated rapid method replaces a 14-day test for short shelf-life products.",
    ),
    (
        "biomanufacturing-market-study",
        "Study: European biomanufacturing capacity in figures",
        86,
        ("market-and-trends",),
        ("production",),
        ("innovative-therapies", "biotech-medicines"),
        (),
        (),
        "A new survey counts sites, lines and skills needs across Europe.",
    ),
    (
        "plasma-fractionation-expansion",
        "Plasma fractionation site expands in Austria",
        100,
        ("manufacturing-capacity",),
        ("commercial-manufacturing",),
        ("plasma-derived-products",),
        ("AT",),
        (),
        "More capacity for immunoglobulins and albumin.",
    ),
    (
        "health-innovation-accelerator",
        "Accelerator calls for biomanufacturing start-ups",
        108,
        ("funding-and-investment",),
        ("industrialisation",),
        ("innovative-therapies",),
        (),
        ("eit-health",),
        "Ten start-ups will get coaching and access to pilot plants.",
    ),
    (
        "patient-access-survey",
        "Patients' groups survey access to gene therapies",
        117,
        ("market-and-trends",),
        ("patient-access",),
        ("gene-therapy",),
        ("ES", "IT"),
        (),
        "Waiting times differ widely between countries, the survey finds.",
    ),
    (
        "recombinant-protein-process",
        "Continuous process for recombinant proteins",
        124,
        ("research-and-innovation",),
        ("process-development",),
        ("recombinant-proteins",),
        ("NL",),
        (),
        "A perfusion process keeps a steady quality over sixty days.",
    ),
    (
        "cluster-matchmaking-brussels",
        "Cluster matchmaking day for bioproduction in Brussels",
        140,
        ("events", "partnerships"),
        ("industrialisation", "production"),
        ("biotech-medicines",),
        ("BE",),
        ("cebr",),
        "Cluster managers and manufacturers met for one-to-one talks.",
    ),
    (
        "university-master-bioprocess",
        "A new master's degree in bioprocess engineering",
        151,
        ("skills-and-training",),
        ("initial-education",),
        ("biotech-medicines",),
        ("FI",),
        (),
        "The first students start in the autumn, with internships in industry.",
    ),
    (
        "hospital-exemption-guidance",
        "National guidance on the hospital exemption updated",
        160,
        ("regulation-and-policy",),
        ("regulation", "clinical-manufacturing"),
        ("other-atmps",),
        ("DE",),
        (),
        "Hospitals get clearer rules for making ATMPs for their own patients.",
    ),
    (
        "cdmo-acquisition",
        "CDMO buys a cell therapy manufacturing site",
        178,
        ("market-and-trends", "manufacturing-capacity"),
        ("commercial-manufacturing",),
        ("cell-therapy",),
        ("BE",),
        (),
        "The deal adds eight cleanroom suites to its network.",
    ),
    (
        "mrna-research-platform",
        "Open mRNA research platform for academic teams",
        190,
        ("research-and-innovation",),
        ("discovery-research",),
        ("nucleic-acid-and-mrna-products",),
        ("DK",),
        ("scanbalt",),
        "Academic teams can book synthesis and formulation time.",
    ),
    (
        "green-solvents-purification",
        "Greener purification: fewer solvents, less water",
        202,
        ("sustainability", "research-and-innovation"),
        ("process-development",),
        ("monoclonal-antibodies",),
        ("SE",),
        (),
        "A membrane step replaces two columns.",
    ),
    (
        "biotech-fund-launch",
        "New fund for European biotherapy companies",
        223,
        ("funding-and-investment",),
        ("industrialisation", "production"),
        ("innovative-therapies",),
        (),
        (),
        "The fund targets companies moving from the clinic to production.",
    ),
    (
        "skills-gap-report",
        "Report: the skills the industry lacks",
        236,
        ("skills-and-training", "market-and-trends"),
        ("training",),
        ("biotech-medicines",),
        (),
        (),
        "Quality assurance and automation profiles are the hardest to find.",
    ),
    (
        "gene-therapy-phase-one",
        "Gene therapy for a rare eye disease enters the clinic",
        248,
        ("research-and-innovation",),
        ("clinical-research",),
        ("gene-therapy",),
        ("PT",),
        (),
        "The first patient was treated in a phase I trial.",
    ),
    (
        "bioproduction-fair-lisbon",
        "Bioproduction fair in Lisbon draws record attendance",
        262,
        ("events",),
        ("production",),
        ("biotech-medicines",),
        ("PT",),
        ("health-cluster-portugal",),
        "Exhibitors showed single-use equipment and digital tools.",
    ),
    (
        "digital-twin-bioreactor",
        "Digital twin of a bioreactor predicts batch quality",
        280,
        ("research-and-innovation",),
        ("process-development", "quality-control"),
        ("vaccines",),
        ("CH",),
        (),
        "The model flags deviations hours before they show.",
    ),
    (
        "reimbursement-atmp-study",
        "How health systems pay for one-off therapies",
        320,
        ("market-and-trends", "regulation-and-policy"),
        ("health-systems-and-sustainability",),
        ("cell-therapy", "gene-therapy"),
        ("FR", "NL"),
        (),
        "Outcome-based payment schemes are spreading, a comparison finds.",
    ),
)

SECTOR_BODY = (
    "{note} {summary} The companies, places and figures in this item are invented; it shows "
    "how the newsroom presents the news of the sector."
)

ARTICLES += tuple(
    sector(
        slug,
        title,
        days,
        summary,
        SECTOR_BODY.format(note=FICTIONAL_NOTE, summary=summary),
        topics=topics,
        stages=stages,
        technologies=technologies,
        countries=countries,
        organisations=organisations,
    )
    for slug, title, days, topics, stages, technologies, countries, organisations, summary in SECTOR
)


def seed(stdout):
    """Create what is missing of the newsroom's demo content, and say what was done."""
    with transaction.atomic():
        seeder = NewsSeeder()
        seeder.run()
    stdout.write("News demo content:\n")
    for line in seeder.report:
        stdout.write(f"  {line}\n")


class NewsSeeder:
    def __init__(self):
        self.report = []
        self.now = timezone.now()
        self.editor = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()

    def run(self):
        index = self.ensure_index()
        if index is None:
            return
        self.ensure_articles(index)
        self.ensure_member_settings()

    def ensure_index(self):
        home = HomePage.objects.first()
        if home is None:
            self.report.append("News index: no home page to put it under, skipped")
            return None
        index = NewsIndexPage.objects.child_of(home).filter(slug=INDEX_SLUG).first()
        if index is not None:
            self.report.append("News index: found")
            return index
        index = NewsIndexPage(
            title="News",
            slug=INDEX_SLUG,
            introduction="The news of health biomanufacturing in Europe: the COBIOE project, "
            "and the sector's plants, funding, rules, skills and research.",
            live=False,
        )
        home.add_child(instance=index)
        index.save_revision(user=self.editor).publish(user=self.editor)
        self.report.append("News index: created at /news/")
        return index

    def ensure_articles(self, index):
        existing = set(NewsPage.objects.child_of(index).values_list("slug", flat=True))
        missing = [article for article in ARTICLES if article.slug not in existing]
        vocabularies = {
            "topics": {t.slug: t for t in Topic.objects.all()},
            "stages": {s.slug: s for s in ValueChainStage.objects.all()},
            "technologies": {t.slug: t for t in Technology.objects.all()},
        }
        organisations = {o.slug: o for o in Organisation.objects.filter(slug__in=_org_slugs())}
        # Oldest first, so that the tree's order follows the calendar.
        articles = [
            self.create_draft(index, spec, vocabularies, organisations)
            for spec in sorted(missing, key=lambda spec: -spec.days_ago)
        ]
        self.publish(articles)
        self.report.append(
            f"Articles: {len(missing)} created, {len(ARTICLES) - len(missing)} found"
        )

    def create_draft(self, index, spec, vocabularies, organisations):
        moment = self.now - datetime.timedelta(days=spec.days_ago, hours=spec.days_ago % 9)
        article = NewsPage(
            title=spec.title,
            slug=spec.slug,
            date=timezone.localtime(moment).date(),
            summary=spec.summary,
            body=[("rich_text", RichText(f"<p>{spec.body}</p>"))],
            source_name=spec.source[0] if spec.source else "",
            source_url=spec.source[1] if spec.source else "",
            countries=list(spec.countries),
            first_published_at=moment,
            last_published_at=moment,
            live=False,
        )
        for field_name, vocabulary in vocabularies.items():
            terms = [vocabulary[slug] for slug in getattr(spec, field_name) if slug in vocabulary]
            getattr(article, field_name).set(terms)
        article.concerned_organisations = [
            NewsPageOrganisation(organisation=organisations[slug])
            for slug in spec.organisations
            if slug in organisations
        ]
        index.add_child(instance=article)
        return article

    def publish(self, articles):
        """Make the drafts live through a revision each, as publishing does, in a few bulk
        queries: Wagtail's publish action costs a quarter of a second an article, and would
        announce a year of archive to the members as news."""
        if not articles:
            return
        page_type = ContentType.objects.get_for_model(Page)
        article_type = ContentType.objects.get_for_model(NewsPage)
        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_type=article_type,
                    base_content_type=page_type,
                    object_id=str(article.pk),
                    object_str=article.title,
                    user=self.editor,
                    created_at=article.first_published_at,
                    content=article.serializable_data(),
                )
                for article in articles
            ]
        )
        for article, revision in zip(articles, revisions, strict=True):
            article.live = True
            article.has_unpublished_changes = False
            article.latest_revision = article.live_revision = revision
        NewsPage.objects.bulk_update(
            articles, ["live", "has_unpublished_changes", "latest_revision", "live_revision"]
        )
        PageLogEntry.objects.bulk_create(
            [
                PageLogEntry(
                    page=article,
                    content_type=article_type,
                    label=article.title,
                    action="wagtail.publish",
                    revision=revision,
                    user=self.editor,
                    timestamp=article.first_published_at,
                    data={},
                )
                for article, revision in zip(articles, revisions, strict=True)
            ]
        )
        # The search index took the drafts as they were saved: index them as published.
        get_search_backend().add_bulk(NewsPage, articles)

    def ensure_member_settings(self):
        user = get_user_model().objects.filter(email__iexact=MEMBER_EMAIL).first()
        if user is None:
            self.report.append("Demo member: not found, no news settings")
            return
        subscription, created = Subscription.objects.get_or_create(user=user)
        if created:
            subscription.topics.set(
                Topic.objects.filter(
                    slug__in=["manufacturing-capacity", "regulation-and-policy", "project-news"]
                )
            )
            subscription.set_digest(Subscription.Digest.DAILY, now=self.now)
            subscription.notify_in_site = True
            subscription.save()
        profile, _created = MemberProfile.objects.get_or_create(
            user=user, defaults={"display_name": "Demo Member"}
        )
        if not (
            profile.interest_countries
            or profile.interest_stages.exists()
            or profile.interest_technologies.exists()
        ):
            profile.interest_stages.set(ValueChainStage.objects.filter(slug="production"))
            profile.interest_technologies.set(Technology.objects.filter(slug="cell-therapy"))
        outcome = "created" if created else "found"
        self.report.append(
            f"Demo member's news settings: {outcome} (daily digest, in-site notices)"
        )


def _org_slugs() -> set[str]:
    return {slug for article in ARTICLES for slug in article.organisations}
