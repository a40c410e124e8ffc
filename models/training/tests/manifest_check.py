"""Validates a models.json with the engine's zod schema through tests/validate_manifest.js."""
import subprocess
from pathlib import Path

VALIDATOR = Path(__file__).with_name('validate_manifest.js')
REPO_ROOT = Path(__file__).resolve().parents[3]


def manifest_issues(manifest_path: Path) -> str:
    """'' when valid, else the schema's issues."""
    done = subprocess.run(['node', str(VALIDATOR), str(manifest_path)], cwd=REPO_ROOT, capture_output=True,
                          text=True, check=False)
    return '' if done.returncode == 0 else done.stderr or 'validator failed'
