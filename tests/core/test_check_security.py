"""`make check-security` passes on a clean checkout: the Makefile's own target, run as
written (its installation step taken as done), with this interpreter."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_check_security_passes():
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "AUDIT_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
    }
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-o",
            "install-dev",
            "check-security",
            f"PY={sys.executable}",
            f"DEVOLUTION={sys.executable} -m devolution.cli",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    # The keys it made are a deployment's: long, and new each run.
    assert "token_urlsafe(64)" in result.stdout
