"""The value chain, technologies, actor types and certifications the project starts with.

Staff edit them afterwards in the admin; this migration only adds terms that are missing
(matched by slug), so it never overwrites an edit.
"""

from django.db import migrations

STAGES = [
    ("training", "Training", [
        ("initial-education", "Initial education"),
        ("continuing-training", "Continuing professional training"),
    ]),
    ("research-and-development", "Research and development", [
        ("discovery-research", "Discovery research"),
        ("preclinical-development", "Preclinical development"),
        ("clinical-research", "Clinical research"),
    ]),
    ("industrialisation", "Industrialisation of processes", [
        ("process-development", "Process development"),
        ("scale-up", "Scale-up"),
        ("technology-transfer", "Technology transfer"),
    ]),
    ("production", "Production", [
        ("clinical-manufacturing", "Clinical manufacturing"),
        ("commercial-manufacturing", "Commercial manufacturing"),
        ("quality-control", "Quality control"),
        ("fill-and-finish", "Fill and finish"),
    ]),
    ("post-market", "Post-market", [
        ("regulation", "Regulation"),
        ("health-systems-and-sustainability", "Health systems and sustainability"),
        ("patient-access", "Patient access"),
    ]),
]

TECHNOLOGIES = [
    ("innovative-therapies", "Innovative therapies", [
        ("cell-therapy", "Cell therapy"),
        ("gene-therapy", "Gene therapy"),
        ("tissue-engineering", "Tissue engineering"),
        ("other-atmps", "Other ATMPs"),
    ]),
    ("biotech-medicines", "Biotech medicines", [
        ("monoclonal-antibodies", "Monoclonal antibodies"),
        ("recombinant-proteins", "Recombinant proteins"),
        ("vaccines", "Vaccines"),
        ("nucleic-acid-and-mrna-products", "Nucleic-acid and mRNA products"),
        ("plasma-derived-products", "Plasma-derived products"),
        ("other-biotech-medicines", "Other biotech medicines"),
    ]),
]

# slug, name, ROR types that map to it, default stages of imported records
ACTOR_TYPES = [
    ("academic-and-research", "Academic and research", "facility,other,archive",
     ["research-and-development"]),
    ("university-and-training", "University and training", "education",
     ["training", "research-and-development"]),
    ("sme-start-up", "SME / start-up", "", []),
    ("large-company", "Large company", "company",
     ["research-and-development", "industrialisation", "production"]),
    ("cdmo-cmo", "CDMO / CMO", "", []),
    ("technology-platform", "Technology platform", "", []),
    ("hospital-and-clinical-centre", "Hospital and clinical centre", "healthcare",
     ["clinical-research", "patient-access"]),
    ("cluster-and-network", "Cluster and network", "", []),
    ("investor", "Investor", "funder", []),
    ("public-authority-and-regulator", "Public authority and regulator", "government",
     ["regulation"]),
    ("association-and-patient-organisation", "Association and patient organisation",
     "nonprofit", []),
]

CERTIFICATIONS = [
    ("gmp", "GMP (Good Manufacturing Practice)"),
    ("gdp", "GDP (Good Distribution Practice)"),
    ("glp", "GLP (Good Laboratory Practice)"),
    ("gcp", "GCP (Good Clinical Practice)"),
    ("iso-9001", "ISO 9001"),
    ("iso-13485", "ISO 13485"),
    ("iso-14001", "ISO 14001"),
]


def seed(apps, schema_editor):
    stage_model = apps.get_model("actors", "ValueChainStage")
    technology_model = apps.get_model("actors", "Technology")
    actor_type_model = apps.get_model("actors", "ActorType")
    certification_model = apps.get_model("actors", "Certification")

    for model, tree in ((stage_model, STAGES), (technology_model, TECHNOLOGIES)):
        for order, (slug, name, children) in enumerate(tree, start=1):
            parent, _ = model.objects.get_or_create(
                slug=slug, defaults={"name": name, "sort_order": order * 10}
            )
            for child_order, (child_slug, child_name) in enumerate(children, start=1):
                model.objects.get_or_create(
                    slug=child_slug,
                    defaults={"name": child_name, "parent": parent,
                              "sort_order": order * 10 + child_order},
                )

    for order, (slug, name, source_types, stage_slugs) in enumerate(ACTOR_TYPES, start=1):
        actor_type, created = actor_type_model.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "source_types": source_types, "sort_order": order},
        )
        if created and stage_slugs:
            actor_type.default_stages.set(stage_model.objects.filter(slug__in=stage_slugs))

    for order, (slug, name) in enumerate(CERTIFICATIONS, start=1):
        certification_model.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("actors", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
