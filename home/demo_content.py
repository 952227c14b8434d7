"""The demo content of the public site, as data: pages, images, navigation and the admin.

`manage.py seed_demo` turns it into pages, images and settings. A page body is a list of
(block type, value) pairs in the shape of `home.blocks.PageBodyBlock`; other pages and
images are named by `PageRef` and `ImageRef`, which the command resolves once they exist.
The facts come from the project's own description (shared FACTS.md).
"""

from dataclasses import dataclass, field

ADMIN_USERNAME = "admin"
ADMIN_EMAIL = "admin@cobioe.example"
ADMIN_PASSWORD_ENV = "COBIOE_ADMIN_PASSWORD"  # noqa: S105 - the variable's name
ADMIN_DEFAULT_PASSWORD = "cobioe-demo-admin"  # noqa: S105 - the documented demo password

SITE_NAME = "COBIOE"
SIGNUP_URL = "/accounts/signup/"
PROJECT_WEBSITE = "https://www.cobioe.eu/"


@dataclass(frozen=True)
class PageRef:
    """A demo page, by its slug under the home page."""

    slug: str


@dataclass(frozen=True)
class ImageRef:
    """A demo image, by its key in IMAGES."""

    key: str


@dataclass(frozen=True)
class DemoImage:
    """A picture drawn at seed time: a partner's tile, or a labelled band of segments.

    kind "logo" draws `label` large on a tile; kind "band" draws one segment per entry of
    `segments` (each a label and a colour), in a row, as in a chain.
    """

    title: str
    kind: str
    label: str = ""
    colour: str = "#0b4f6c"
    segments: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class DemoPage:
    slug: str
    title: str
    introduction: str
    body: list = field(default_factory=list)
    seo_title: str = ""
    search_description: str = ""
    show_in_menus: bool = False


def link(label, *, page=None, url=None):
    """A LinkBlock value: to a demo page (a slug) or to an address."""
    return {"label": label, "page": PageRef(page) if page else None, "url": url or ""}


def signup_link(label="Sign up"):
    return link(label, url=SIGNUP_URL)


# --- Images --------------------------------------------------------------------------

PARTNERS = [
    # key, name, acronym on the tile, colour, website
    ("genopole", "Genopole", "GENOPOLE", "#0b4f6c", "https://www.genopole.com/"),
    ("cebr", "CEBR", "CEBR", "#1b7f79", "https://cebr.net/"),
    ("eit-health", "EIT Health", "EIT HEALTH", "#5b3f8c", "https://eithealth.eu/"),
    ("hcp", "Health Cluster Portugal", "HCP", "#b5473a", "https://healthportugal.com/"),
    ("scanbalt", "ScanBalt", "SCANBALT", "#24618f", "https://www.scanbalt.org/"),
]

VALUE_CHAIN = (
    ("Training", "#0b4f6c"),
    ("R&D", "#1b7f79"),
    ("Industrialisation", "#3f8f4f"),
    ("Production", "#c9822b"),
    ("Post-market", "#b5473a"),
)

IMAGES = {
    **{
        f"logo-{key}": DemoImage(
            title=f"Partner logo: {name}", kind="logo", label=acronym, colour=colour
        )
        for key, name, acronym, colour, _url in PARTNERS
    },
    "value-chain": DemoImage(
        title="Illustration: the health biomanufacturing value chain",
        kind="band",
        segments=VALUE_CHAIN,
    ),
    "phases": DemoImage(
        title="Illustration: the two phases of the interconnection platform",
        kind="band",
        segments=(("Phase 1: the map", "#1b7f79"), ("Phase 2: the community", "#0b4f6c")),
    ),
    "transitions": DemoImage(
        title="Illustration: the green, digital and socio-economic transitions",
        kind="band",
        segments=(("Green", "#3f8f4f"), ("Digital", "#24618f"), ("Socio-economic", "#c9822b")),
    ),
}


# --- Blocks used on several pages -------------------------------------------------------

PROJECT_FIGURES = (
    "key_figures",
    {
        "heading": "COBIOE in figures",
        "figures": [
            {"figure": "24 months", "label": "of project, launched in Brussels on 7 March 2023"},
            {"figure": "5 partners", "label": "in the consortium, coordinated by Genopole"},
            {"figure": "90%", "label": "of Europe's biomanufacturing actors: the mapping target"},
            {"figure": "5 stages", "label": "of the value chain, from training to post-market"},
        ],
    },
)


def join_call(heading="Put your organisation on the map", text=None):
    return (
        "call_to_action",
        {
            "heading": heading,
            "text": text
            or (
                "Registration is free for every actor of health biomanufacturing in Europe: "
                "create your organisation's profile, place it on the value chain and become "
                "visible to future partners."
            ),
            "action": signup_link("Join the platform"),
        },
    )


# --- Pages -------------------------------------------------------------------------------

HOME = DemoPage(
    slug="home",
    title="Health biomanufacturing, connected across Europe",
    seo_title="COBIOE: the community of European health biomanufacturing",
    search_description=(
        "COBIOE maps and connects the actors of health biomanufacturing in Europe, from "
        "training to post-market."
    ),
    introduction=(
        "COBIOE brings together the companies, laboratories, universities, hospitals, "
        "clusters and investors who make medicines with living systems, so that they find "
        "each other and work together."
    ),
    body=[
        (
            "hero",
            {
                "heading": "One map, one community for Europe's biomanufacturing",
                "text": (
                    "Place your organisation on the value chain, follow the news of your "
                    "fields and meet the partners you are missing."
                ),
                "image": None,
                "actions": [
                    signup_link("Sign up"),
                    link("About the project", page="about"),
                ],
            },
        ),
        (
            "rich_text",
            "<h2>Why COBIOE</h2>"
            "<p>Medicines made with living systems can treat cancers, chronic and rare "
            "diseases safely and effectively, and they can reduce the environmental "
            "footprint of drug production. Europe has the science and the skills to make "
            "them, but its actors are spread across many countries, clusters and "
            "disciplines, and many of them work in isolation.</p>"
            "<p>COBIOE, <i>growing COnnection for BIO Ecosystems</i>, sets out to change "
            "that. Selected under Horizon Europe's European Innovation Ecosystems "
            "programme, the project builds a shared and inclusive European strategy for "
            "health biomanufacturing: developing innovative biodrugs and biotherapies, "
            "raising production capacity, speeding up commercialisation and securing "
            "Europe's sovereignty in the field.</p>"
            "<p>This platform is where that strategy meets the people who carry it out. "
            "Organisations join, describe what they do and where they stand on the value "
            "chain, and become visible to the partners, investors and policy makers who "
            "are looking for them.</p>",
        ),
        PROJECT_FIGURES,
        (
            "cards",
            {
                "heading": "Four pillars",
                "cards": [
                    {
                        "page": PageRef("panorama"),
                        "title": "",
                        "text": "The state of the art of health biomanufacturing in Europe.",
                        "image": None,
                    },
                    {
                        "page": PageRef("connection-and-partnerships"),
                        "title": "",
                        "text": "Partnerships for business, skills, research and innovation.",
                        "image": None,
                    },
                    {
                        "page": PageRef("promotion"),
                        "title": "",
                        "text": "Making the case for biomanufacturing to decision makers "
                        "and the public.",
                        "image": None,
                    },
                    {
                        "page": PageRef("ecosystem-transitions"),
                        "title": "",
                        "text": "The ecosystem's part in the green, digital and "
                        "socio-economic transitions.",
                        "image": None,
                    },
                ],
            },
        ),
        (
            "image_with_text",
            {
                "image": ImageRef("value-chain"),
                "image_alt": (
                    "The value chain in five stages, from left to right: training, research "
                    "and development, industrialisation, production and post-market."
                ),
                "heading": "The whole value chain, in one place",
                "text": (
                    "<p>COBIOE covers the bioproduction of innovative therapies, such as gene "
                    "and cell therapies, and of biotech medicines, at every stage:</p>"
                    "<ul><li>training;</li><li>research and development;</li>"
                    "<li>industrialisation of processes;</li><li>production;</li>"
                    "<li>post-market: regulation, health systems and sustainability, "
                    "patient access.</li></ul>"
                ),
                "image_position": "left",
            },
        ),
        join_call(),
    ],
)

PANORAMA = DemoPage(
    slug="panorama",
    title="Panorama of the sector",
    show_in_menus=True,
    search_description="The state of the art of health biomanufacturing in Europe.",
    introduction=(
        "Who makes Europe's biotherapies and biotech medicines, where, and at which stage "
        "of the value chain: the panorama that COBIOE draws with the sector."
    ),
    body=[
        (
            "hero",
            {
                "heading": "Knowing the sector is the first step to strengthening it",
                "text": (
                    "A shared overview of the state of the art shows strengths to build on "
                    "and gaps to fill."
                ),
                "image": None,
                "actions": [signup_link("Add your organisation")],
            },
        ),
        (
            "rich_text",
            "<h2>What the panorama covers</h2>"
            "<p>Health biomanufacturing uses living systems, such as cells, microorganisms "
            "and their machinery, to make medicines. COBIOE looks at two families of "
            "products. The first is innovative therapies: cell therapies, gene therapies, "
            "tissue engineering and other advanced therapy medicinal products. The second "
            "is biotech medicines: monoclonal antibodies, recombinant proteins, vaccines, "
            "nucleic-acid and mRNA products, plasma-derived products and others.</p>"
            "<p>The actors of the sector are just as varied: academic and research "
            "laboratories, universities and training centres, start-ups and SMEs, large "
            "companies, contract development and manufacturing organisations, technology "
            "platforms, hospitals and clinical centres, clusters and networks, investors, "
            "public authorities and regulators, associations and patient organisations.</p>"
            "<h2>A living picture</h2>"
            "<p>Rather than a one-off report, the panorama grows with the platform. Each "
            "organisation that joins places itself on the value chain, states its "
            "technologies and products, and so adds a point to the map. The aim is to reach "
            "90% of the biomanufacturing actors in Europe.</p>",
        ),
        (
            "image_with_text",
            {
                "image": ImageRef("value-chain"),
                "image_alt": (
                    "Five coloured segments in a row: training, research and development, "
                    "industrialisation, production and post-market."
                ),
                "heading": "Five stages, from the classroom to the patient",
                "text": (
                    "<ul><li><b>Training</b>: the skills the sector needs.</li>"
                    "<li><b>Research and development</b>: new biodrugs and "
                    "biotherapies.</li>"
                    "<li><b>Industrialisation of processes</b>: process development, "
                    "scale-up and technology transfer.</li>"
                    "<li><b>Production</b>: clinical and commercial manufacturing, quality "
                    "control, fill and finish.</li>"
                    "<li><b>Post-market</b>: regulation, health systems and sustainability, "
                    "patient access.</li></ul>"
                ),
                "image_position": "right",
            },
        ),
        (
            "key_figures",
            {
                "heading": "The scope at a glance",
                "figures": [
                    {"figure": "5 stages", "label": "of the value chain"},
                    {"figure": "2 families", "label": "innovative therapies, biotech medicines"},
                    {"figure": "90%", "label": "of European actors: the mapping target"},
                ],
            },
        ),
        join_call(
            heading="Complete the panorama",
            text=(
                "Every organisation that joins makes the picture more accurate. It takes a "
                "few minutes to create a profile and place it on the value chain."
            ),
        ),
    ],
)

CONNECTION = DemoPage(
    slug="connection-and-partnerships",
    title="Connection and partnerships",
    show_in_menus=True,
    search_description="Find partners for business, skills, research and innovation.",
    introduction=(
        "COBIOE identifies the actors of the value chain, analyses where they complement "
        "each other, and helps them start partnerships, especially those who work alone."
    ),
    body=[
        (
            "hero",
            {
                "heading": "The partner you need may be one country away",
                "text": (
                    "Complementary skills, equipment and markets exist across Europe; the "
                    "platform makes them visible."
                ),
                "image": None,
                "actions": [signup_link("Sign up to connect")],
            },
        ),
        (
            "rich_text",
            "<h2>From a map to partnerships</h2>"
            "<p>The mission of COBIOE is to identify the European actors of the health "
            "biomanufacturing value chain and to connect them. Analysing complementarities "
            "and synergies between them reveals who could work with whom: a laboratory "
            "with a new process and a manufacturer able to scale it up, a start-up and a "
            "training centre, a hospital and a technology platform.</p>"
            "<p>Particular attention goes to isolated actors, those far from the large "
            "hubs or outside the established networks, for whom a single well-chosen "
            "partnership can change everything.</p>"
            "<h2>Four kinds of partnership</h2>"
            "<ul><li><b>Business</b>: suppliers, customers, contract manufacturing and "
            "investment.</li>"
            "<li><b>Skills</b>: training programmes and the exchange of know-how.</li>"
            "<li><b>Research</b>: joint projects and access to technology platforms.</li>"
            "<li><b>Innovation</b>: bringing new therapies from the laboratory to "
            "patients.</li></ul>",
        ),
        (
            "image_with_text",
            {
                "image": ImageRef("phases"),
                "image_alt": (
                    "Two steps in a row: phase one, the map of actors; phase two, the community."
                ),
                "heading": "A platform in two phases",
                "text": (
                    "<p>The first phase of the interconnection platform opened in January "
                    "2024: actors join, place themselves on the value chain and become "
                    "visible to partners, and members receive a monitoring of news and "
                    "trends in their fields that they can tailor.</p>"
                    "<p>The second phase adds the community: exchanges between actors, "
                    "working groups and a forum where new partnerships take shape.</p>"
                ),
                "image_position": "left",
            },
        ),
        join_call(
            heading="Start a partnership",
            text=(
                "Create your organisation's profile, say what you offer and what you are "
                "looking for, and join the working groups of your fields."
            ),
        ),
    ],
)

PROMOTION = DemoPage(
    slug="promotion",
    title="Promotion of biomanufacturing",
    show_in_menus=True,
    search_description="Why health biomanufacturing matters, for patients and for Europe.",
    introduction=(
        "Biomanufacturing is little known outside the sector. COBIOE explains to decision "
        "makers and to the public what it brings to patients and to Europe."
    ),
    body=[
        (
            "hero",
            {
                "heading": "Medicines made with living systems",
                "text": (
                    "Biotherapies and biotech medicines already change lives; making them "
                    "in Europe is a strategic choice."
                ),
                "image": None,
                "actions": [link("Read about the project", page="about")],
            },
        ),
        (
            "rich_text",
            "<h2>What biomanufacturing brings</h2>"
            "<p>Medicines made with living systems can treat cancers, chronic diseases and "
            "rare diseases safely and effectively. Gene and cell therapies open treatments "
            "where there were none, and biotech medicines such as antibodies, recombinant "
            "proteins and vaccines are now part of everyday care.</p>"
            "<p>Biomanufacturing can also cut the environmental impact of drug production, "
            "an argument that matters more every year to health systems and citizens.</p>"
            "<h2>Why it matters for Europe</h2>"
            "<p>Making these medicines in Europe secures their supply and keeps the skills, "
            "jobs and value of a fast-growing industry on the continent. COBIOE's strategy "
            "aims at European sovereignty in biomanufacturing and is aligned with the "
            "European Union's Important Project of Common European Interest (IPCEI) on "
            "Health.</p>"
            "<h2>Speaking to decision makers and the public</h2>"
            "<p>The project gives policy makers, investors and the public a clear view of "
            "the sector: who its actors are, what they make and what they need to grow. "
            "A visible value chain attracts cooperation, investment and new actors.</p>",
        ),
        PROJECT_FIGURES,
        join_call(
            heading="Make your organisation visible",
            text=(
                "Decision makers and investors look at the map. Make sure your "
                "organisation is on it."
            ),
        ),
    ],
)

TRANSITIONS = DemoPage(
    slug="ecosystem-transitions",
    title="The ecosystem in the green, digital and socio-economic transitions",
    seo_title="The ecosystem in the transitions",
    show_in_menus=True,
    search_description="The part of health biomanufacturing in Europe's transitions.",
    introduction=(
        "Health biomanufacturing has a part to play in Europe's green, digital and "
        "socio-economic transitions, and COBIOE promotes the ecosystem that carries it."
    ),
    body=[
        (
            "hero",
            {
                "heading": "An ecosystem at the heart of three transitions",
                "text": (
                    "Cleaner production, data-driven collaboration and skilled jobs across "
                    "Europe's regions."
                ),
                "image": None,
                "actions": [link("See the panorama", page="panorama")],
            },
        ),
        (
            "image_with_text",
            {
                "image": ImageRef("transitions"),
                "image_alt": (
                    "Three segments in a row labelled green, digital and socio-economic."
                ),
                "heading": "Three transitions",
                "text": (
                    "<p><b>Green.</b> Producing medicines with living systems can reduce "
                    "the environmental impact of drug production.</p>"
                    "<p><b>Digital.</b> A shared map of the value chain, a monitoring of "
                    "news and trends, and online working groups let actors cooperate "
                    "across borders.</p>"
                    "<p><b>Socio-economic.</b> Stronger regional ecosystems keep skills, "
                    "jobs and production in Europe and bring new therapies to patients.</p>"
                ),
                "image_position": "right",
            },
        ),
        (
            "rich_text",
            "<h2>Promoting the ecosystem</h2>"
            "<p>The consortium itself reflects the ecosystem it promotes: a biocluster, a "
            "network of regional clusters, a knowledge and innovation community, a national "
            "cluster association and a metacluster around the Baltic Sea. Together they "
            "reach the actors of health biomanufacturing across Europe.</p>"
            "<p>By showing how these actors contribute to the transitions, COBIOE helps "
            "them find support, partners and a voice in the policies that shape their "
            "future.</p>",
        ),
        join_call(),
    ],
)

ABOUT = DemoPage(
    slug="about",
    title="About the project",
    show_in_menus=True,
    search_description="COBIOE: the consortium, its aims and the interconnection platform.",
    introduction=(
        "COBIOE, growing COnnection for BIO Ecosystems, is a European project that "
        "strengthens and interconnects the health biomanufacturing sector."
    ),
    body=[
        (
            "hero",
            {
                "heading": "Five partners, one European strategy",
                "text": (
                    "Selected under Horizon Europe's European Innovation Ecosystems "
                    "programme and funded by the European Union."
                ),
                "image": None,
                "actions": [link("The four pillars", page="panorama")],
            },
        ),
        (
            "rich_text",
            "<h2>The project</h2>"
            "<p>COBIOE, also called Connection for bioproduction ecosystems, was launched "
            "in Brussels on 7 March 2023 for 24 months. It was selected under the "
            "European Innovation Ecosystems programme of Horizon Europe and is funded by "
            "the European Union.</p>"
            "<p>Its aim is a shared and inclusive European strategy to strengthen and "
            "interconnect the health biomanufacturing sector: to develop innovative "
            "biodrugs and biotherapies, raise production capacity, speed up "
            "commercialisation and secure Europe's sovereignty in biomanufacturing. The "
            "strategy is aligned with the EU's IPCEI on Health.</p>"
            "<h2>The aims</h2>"
            "<ul><li>Identify the European actors of the health biomanufacturing value "
            "chain and connect them, isolated actors above all, by analysing their "
            "complementarities and synergies.</li>"
            "<li>Make the value chain visible to academics, industry, policy makers and "
            "investors, so that they cooperate and new actors join.</li>"
            "<li>Promote biomanufacturing and its ecosystem to decision makers and the "
            "public.</li></ul>",
        ),
        PROJECT_FIGURES,
        (
            "rich_text",
            "<h2>The consortium</h2>"
            "<p><b>Genopole</b>, the coordinator, is a biocluster for genetics and "
            "biotechnologies in health and the environment at Évry-Courcouronnes, France. "
            "It brings together 65 biotech companies, 17 research laboratories and 25 "
            "technology platforms, and runs training programmes with the University of "
            "Évry-Paris Saclay. Within COBIOE it conceptualises the European biotherapy "
            "value chains and leads communication.</p>"
            "<p><b>CEBR</b> is a European network of regional life-science clusters and "
            "ecosystems.</p>"
            "<p><b>EIT Health</b> is a knowledge and innovation community set up by the "
            "European Institute of Innovation and Technology; EIT Health France takes "
            "part in the project.</p>"
            "<p><b>Health Cluster Portugal</b> is an association of life-science clusters "
            "in Portugal.</p>"
            "<p><b>ScanBalt</b> is a metacluster of health institutions and actors around "
            "the Baltic Sea.</p>",
        ),
        (
            "partner_logos",
            {
                "heading": "The partners",
                "partners": [
                    {"name": name, "logo": ImageRef(f"logo-{key}"), "url": url}
                    for key, name, _acronym, _colour, url in PARTNERS
                ],
            },
        ),
        (
            "rich_text",
            "<h2>The interconnection platform</h2>"
            "<p>The platform's first phase opened in January 2024: actors join, place "
            "themselves on the value chain and become visible to partners, and members "
            "follow a monitoring of the news and trends of their fields. The second phase "
            "adds the community, with exchanges between actors, working groups and new "
            "partnerships.</p>"
            '<p>More about the project on <a href="https://www.cobioe.eu/">'
            "www.cobioe.eu</a>.</p>",
        ),
        join_call(),
    ],
)

PRIVACY = DemoPage(
    slug="privacy",
    title="Privacy notice",
    search_description="What personal data the COBIOE platform keeps, why, and your rights.",
    introduction=(
        "This notice explains which personal data the COBIOE platform keeps about you, why "
        "it keeps them, for how long, and how you can exercise your rights under the "
        "General Data Protection Regulation (GDPR)."
    ),
    body=[
        (
            "rich_text",
            "<h2>Who is responsible</h2>"
            "<p>The platform is run by the COBIOE consortium under the coordination of "
            "Genopole, Évry-Courcouronnes, France, which acts as the data controller. You "
            "can reach the project team through the contact details published on "
            '<a href="https://www.cobioe.eu/">www.cobioe.eu</a>.</p>'
            "<h2>What we keep</h2>"
            "<ul><li><b>Your account</b>: your email address, a securely hashed password, "
            "your name if you give it, and the dates you signed up and last logged "
            "in.</li>"
            "<li><b>Organisation profiles</b>: the information you enter about your "
            "organisation, such as its name, type, country and location, its place on "
            "the value chain, its technologies and a description, and the people who "
            "manage the profile. Once a profile is approved and published, these "
            "organisation details are public; your own email address never is.</li>"
            "<li><b>Your interests</b>: the fields you choose to follow, used to build "
            "your news feed and, if you ask for it, your email digest.</li>"
            "<li><b>Community activity</b>: the working groups you join and the messages "
            "you post in their forums, visible to the people each group allows.</li>"
            "<li><b>Notifications</b>: what you were notified about and how you chose to "
            "be notified.</li>"
            "<li><b>Technical data</b>: a session cookie and a security cookie needed to "
            "keep you logged in and protect forms, and your IP address for a short time "
            "to limit repeated failed logins.</li></ul>"
            "<h2>Why, and on what basis</h2>"
            "<ul><li>To provide the service you signed up for: your account, your "
            "organisation's profile, groups and notifications (performance of a "
            "contract).</li>"
            "<li>To make the European biomanufacturing value chain visible, which is the "
            "purpose of the project: publishing the organisation profiles you submit "
            "(legitimate interest, and your choice to publish).</li>"
            "<li>To send the email digest of your fields (consent, which you can withdraw "
            "at any time in your settings).</li>"
            "<li>To keep the platform secure and prevent abuse (legitimate interest).</li>"
            "</ul>"
            "<p>We do not sell your data, we do not use advertising or tracking cookies, "
            "and we do not share your data except with the service providers that host "
            "and run the platform for us, under contracts that bind them to the GDPR.</p>"
            "<h2>How long we keep it</h2>"
            "<p>Your account data are kept while your account exists. When you delete "
            "your account, your personal data are erased; the messages you posted in "
            "group forums may be kept, without your name, so that discussions remain "
            "readable, unless you ask us to erase them too. Technical data used for "
            "security are kept only as long as that purpose requires, and backups expire "
            "on a rolling basis.</p>"
            "<h2>Your rights</h2>"
            "<p>Under the GDPR you have the right to access your data, to have them "
            "corrected or erased, to restrict or object to their processing, to receive "
            "them in a portable format, and to withdraw your consent at any time. From "
            "your dashboard you can export your data or delete your account yourself. "
            "For any other request, contact the project team; we answer within one "
            "month.</p>"
            "<p>If you believe your data are not handled properly, you may lodge a "
            "complaint with the data protection authority of your country, or with the "
            "CNIL in France, where the coordinator is established.</p>"
            "<h2>Changes to this notice</h2>"
            "<p>When this notice changes in a way that matters, we tell registered members "
            "by email before the change takes effect.</p>",
        ),
    ],
)

# In the order they are created and listed under the home page.
PAGES = [PANORAMA, CONNECTION, PROMOTION, TRANSITIONS, ABOUT, PRIVACY]


# --- Navigation --------------------------------------------------------------------------

MAIN_MENU = [
    ("link", link("Panorama", page="panorama")),
    ("link", link("Connection and partnerships", page="connection-and-partnerships")),
    ("link", link("Promotion", page="promotion")),
    ("link", link("Transitions", page="ecosystem-transitions")),
    ("link", link("About", page="about")),
]

FOOTER_LINKS = [
    ("link", link("Privacy", page="privacy")),
    ("link", link("About the project", page="about")),
    ("link", link("www.cobioe.eu", url=PROJECT_WEBSITE)),
]

FOOTER_TEXT = (
    "<p><b>COBIOE</b>, growing COnnection for BIO Ecosystems: the community platform of "
    "Europe's health biomanufacturing sector.</p>"
)
