from django.db import migrations

# The first topics of the newsroom; staff edit them in the admin (News > Topics).
TOPICS = [
    ("funding-and-investment", "Funding and investment", "Grants, calls, investment rounds."),
    ("manufacturing-capacity", "Manufacturing capacity", "New plants, lines and capacity."),
    ("regulation-and-policy", "Regulation and policy", "EU and national rules, strategies."),
    ("partnerships", "Partnerships", "Alliances, licensing, consortia."),
    ("skills-and-training", "Skills and training", "Courses, curricula, talent."),
    ("research-and-innovation", "Research and innovation", "Results, platforms, methods."),
    ("market-and-trends", "Market and trends", "Figures, studies, market moves."),
    ("events", "Events", "Conferences, fairs, webinars."),
    ("sustainability", "Sustainability", "Greener processes and supply chains."),
    ("project-news", "COBIOE project", "News of the COBIOE project and platform."),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("news", "Topic")
    for order, (slug, name, description) in enumerate(TOPICS):
        Topic.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("news", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
