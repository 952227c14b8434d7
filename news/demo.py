"""The newsroom's demo content (to be written)."""


def seed(stdout):
    pass
