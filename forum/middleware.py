"""Attaches machina's permission handler to each request.

Machina's own middleware also stores a random key in the session of every anonymous visitor,
on every page of the site, for anonymous posting; nobody posts anonymously here, so we keep
sessions (and their cookie) for those who sign in.
"""

from machina.core.loading import get_class

PermissionHandler = get_class("forum_permission.handler", "PermissionHandler")


class ForumPermissionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.forum_permission_handler = PermissionHandler()
        return self.get_response(request)
