"""Placeholder: being written."""


def seed(stdout):
    return None
