"""Documents for the tests: a small text file in a collection."""

import factory
import wagtail_factories
from django.core.files.base import ContentFile


class DocumentFactory(wagtail_factories.DocumentFactory):
    title = factory.Sequence(lambda n: f"Minutes {n}")
    file = factory.LazyAttribute(
        lambda document: ContentFile(b"Minutes of the meeting.", name=f"{document.title}.txt")
    )
