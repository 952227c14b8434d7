"""Placeholder: being written."""


def search_organisations(query, request):
    return None
