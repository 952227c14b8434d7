"""Addresses of forum objects, as machina's URL names build them."""

from django.urls import reverse


def forum_url(forum) -> str:
    return reverse("forum:forum", kwargs={"slug": forum.slug, "pk": forum.pk})


def topic_url(topic) -> str:
    return reverse(
        "forum_conversation:topic",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum_id,
            "slug": topic.slug,
            "pk": topic.pk,
        },
    )


def post_url(post) -> str:
    """The page of the topic that shows the post, scrolled to it."""
    return f"{topic_url(post.topic)}?post={post.pk}#{post.pk}"
