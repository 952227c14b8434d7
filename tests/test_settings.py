"""Every environment variable the settings read is documented in .env.example."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_env_example_documents_every_variable_the_settings_read():
    read = set()
    for path in (ROOT / "cobioe" / "settings").glob("*.py"):
        read |= set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z_]+)"', path.read_text()))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "the settings read no variable: the pattern above is stale"
    assert read - documented == set()
