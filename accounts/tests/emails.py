"""Reading the links out of the emails allauth sends."""

import re


def link_in(message, path_prefix):
    """The path of the first link in `message` whose path starts with `path_prefix`."""
    match = re.search(rf"https?://[^/\s]+({re.escape(path_prefix)}\S*)", message.body)
    assert match, f"no link to {path_prefix} in:\n{message.body}"
    return match.group(1)
