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


def test_suite_refuses_to_run_off_postgresql_when_ci_requires_it():
    import os
    import subprocess
    import sys

    env = {**os.environ, "COBIOE_REQUIRE_POSTGRES": "1", "DATABASE_URL": "sqlite:///:memory:"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "tests/test_settings.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 3
    assert "would run on django.db.backends.sqlite3" in result.stdout + result.stderr
