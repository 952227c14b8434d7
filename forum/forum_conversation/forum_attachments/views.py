"""Machina's attachment download, under the name the member uploaded (without the random
prefix it is stored with), and always as a download."""

import os

from django.http import FileResponse
from machina.apps.forum_conversation.forum_attachments.views import (
    AttachmentView as MachinaAttachmentView,
)

from .forms import TOKEN_LENGTH


def display_name(stored_name: str) -> str:
    name = os.path.basename(stored_name)
    prefix, dash, rest = name.partition("-")
    return rest if dash and len(prefix) == TOKEN_LENGTH else name


class AttachmentView(MachinaAttachmentView):
    def get_queryset(self):
        return super().get_queryset().select_related("post__topic__forum")

    def render_to_response(self, context, **response_kwargs):
        return FileResponse(
            self.object.file.open("rb"),
            as_attachment=True,
            filename=display_name(self.object.file.name),
        )
