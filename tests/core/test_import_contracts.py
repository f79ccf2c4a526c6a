"""The import contracts of `make lint` hold, and fail when an import breaks them."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = str(Path(sys.executable).with_name("lint-imports"))


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [LINT, "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def broken_copy(tmp_path_factory):
    """A copy of the code with three imports that break the three contracts."""
    root = tmp_path_factory.mktemp("contracts")
    shutil.copytree(
        ROOT / "devolution",
        root / "devolution",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "data", "jinja2", "static"),
    )
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    additions = {
        # a view reaching a model's manager directly
        "devolution/partners/views.py": "from devolution.partners.models import Organisation\n",
        # a pure rule importing Django
        "devolution/commitments/rules/tracking.py": "from django.db import models\n",
        # a lower area importing a higher one
        "devolution/partners/selectors.py": "from devolution.meetings import selectors\n",
    }
    for name, line in additions.items():
        path = root / name
        path.write_text(path.read_text() + "\n" + line)
    return root


def test_the_code_keeps_every_contract():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_a_view_importing_a_model_a_rule_importing_django_and_an_upward_import_fail(
    broken_copy,
):
    result = _lint(broken_copy)
    assert result.returncode != 0
    out = " ".join(result.stdout.split())
    assert "Contracts: 0 kept, 3 broken." in out
    assert "devolution.partners.views is not allowed to import devolution.partners.models" in out
    assert "devolution.commitments.rules.tracking is not allowed to import django" in out
    assert "devolution.partners is not allowed to import devolution.meetings" in out
