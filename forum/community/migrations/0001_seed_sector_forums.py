"""The sector-wide forums: a "Sector" category with "General discussion" and "Partnerships",
where visitors read and members read and post, and the "Working groups" category under which
each group's forum is created. Staff rename or add forums in the Django admin afterwards."""

from django.db import migrations
from django.utils.text import slugify

READ = ("can_see_forum", "can_read_forum", "can_download_file")
POST = (
    *READ,
    "can_start_new_topics",
    "can_reply_to_topics",
    "can_edit_own_posts",
    "can_delete_own_posts",
    "can_post_without_approval",
    "can_attach_file",
)
CATEGORY, FORUM = 1, 0  # machina's Forum.FORUM_CAT and Forum.FORUM_POST

TREES = [
    (
        "Sector",
        "Conversations of the whole value chain.",
        [
            ("General discussion", "News, questions and ideas for the whole sector."),
            ("Partnerships", "Looking for partners, offering capacities, starting projects."),
        ],
    ),
    ("Working groups", "The forums of the working groups.", []),
]


def seed(apps, schema_editor):
    Forum = apps.get_model("forum", "Forum")
    ForumPermission = apps.get_model("forum_permission", "ForumPermission")
    UserForumPermission = apps.get_model("forum_permission", "UserForumPermission")
    if Forum.objects.filter(level=0, name__in=[name for name, _, _ in TREES]).exists():
        return
    permissions = {
        codename: ForumPermission.objects.get_or_create(codename=codename)[0] for codename in POST
    }

    def grant(forum, anonymous, authenticated):
        UserForumPermission.objects.bulk_create(
            [
                UserForumPermission(
                    forum=forum, permission=permissions[c], anonymous_user=True, has_perm=True
                )
                for c in anonymous
            ]
            + [
                UserForumPermission(
                    forum=forum, permission=permissions[c], authenticated_user=True, has_perm=True
                )
                for c in authenticated
            ]
        )

    # Historical models have no MPTT manager: the tree fields are set by hand, one new tree
    # per category.
    next_tree = (Forum.objects.order_by("-tree_id").values_list("tree_id", flat=True).first() or 0) + 1
    for tree_id, (name, description, children) in enumerate(TREES, start=next_tree):
        category = Forum.objects.create(
            name=name,
            slug=slugify(name),
            description=description,
            _description_rendered=f"<p>{description}</p>",
            type=CATEGORY,
            tree_id=tree_id,
            lft=1,
            rght=2 + 2 * len(children),
            level=0,
        )
        grant(category, READ, READ)
        for position, (child_name, child_description) in enumerate(children):
            forum = Forum.objects.create(
                parent=category,
                name=child_name,
                slug=slugify(child_name),
                description=child_description,
                _description_rendered=f"<p>{child_description}</p>",
                type=FORUM,
                tree_id=tree_id,
                lft=2 + 2 * position,
                rght=3 + 2 * position,
                level=1,
            )
            grant(forum, READ, POST)


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0011_auto_20190627_2132"),
        ("forum_permission", "0005_userforumpermission_authenticated_user"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
