"""The working groups' pages and membership actions."""


def index_context(index_page, request) -> dict:
    return {}
