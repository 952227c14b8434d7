"""Machina's attachment forms with limits: a size and a list of file types (settings
FORUM_ATTACHMENT_MAX_SIZE and FORUM_ATTACHMENT_EXTENSIONS), and a stored name nobody can
guess, so that a file of a private group's forum cannot be fetched by its name."""

import secrets
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.forms.models import modelformset_factory
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from machina.apps.forum_conversation.forum_attachments.forms import (
    AttachmentForm as MachinaAttachmentForm,
)
from machina.apps.forum_conversation.forum_attachments.forms import BaseAttachmentFormset
from machina.conf import settings as machina_settings
from machina.core.db.models import get_model

Attachment = get_model("forum_attachments", "Attachment")

# The random prefix of a stored name, cut off again when the file is downloaded.
TOKEN_LENGTH = 32


class AttachmentForm(MachinaAttachmentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        extensions = ", ".join(settings.FORUM_ATTACHMENT_EXTENSIONS)
        self.fields["file"].help_text = _("%(types)s; at most %(size)s.") % {
            "types": extensions,
            "size": filesizeformat(settings.FORUM_ATTACHMENT_MAX_SIZE),
        }

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or not hasattr(upload, "content_type"):
            return upload  # unchanged: the file already stored
        extension = PurePath(upload.name).suffix.lower().lstrip(".")
        if extension not in settings.FORUM_ATTACHMENT_EXTENSIONS:
            raise forms.ValidationError(
                _("Files of this type cannot be attached. Allowed types: %(types)s.")
                % {"types": ", ".join(settings.FORUM_ATTACHMENT_EXTENSIONS)}
            )
        if upload.size > settings.FORUM_ATTACHMENT_MAX_SIZE:
            raise forms.ValidationError(
                _("This file is %(size)s; the largest allowed is %(max)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "max": filesizeformat(settings.FORUM_ATTACHMENT_MAX_SIZE),
                }
            )
        upload.name = f"{secrets.token_hex(TOKEN_LENGTH // 2)}-{PurePath(upload.name).name}"
        return upload


AttachmentFormset = modelformset_factory(
    Attachment,
    AttachmentForm,
    formset=BaseAttachmentFormset,
    can_delete=True,
    extra=1,
    max_num=machina_settings.ATTACHMENT_MAX_FILES_PER_POST,
    validate_max=True,
)
