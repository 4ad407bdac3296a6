"""The README stays true to the code: every environment variable the code reads is listed."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READ = re.compile(r'env_(?:str|bool|int|list)\(\s*"([A-Z][A-Z0-9_]+)"')


def test_every_environment_variable_read_by_the_code_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    names = set()
    for folder in ("config", "openprovince"):
        for path in (ROOT / folder).rglob("*.py"):
            names |= set(READ.findall(path.read_text()))
    assert len(names) > 10  # the scan itself works
    missing = sorted(n for n in names if f"`{n}`" not in readme)
    assert missing == []


def test_the_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert readme.index("make run") < readme.index("## Configuration")
    assert "make test" in readme
