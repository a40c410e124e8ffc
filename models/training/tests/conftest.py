"""The tests import the training modules by name and share two CPU cores with everyone else."""
import subprocess
import sys
from pathlib import Path

import pytest
import torch

TRAINING_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TRAINING_DIR))
torch.set_num_threads(1)

from random_checkpoints import write_random_checkpoints  # noqa: E402 - needs the path above


@pytest.fixture(scope='session', params=['art', 'photo'])
def converted(request, tmp_path_factory):
    """Random official-layout checkpoints of one mode, converted by the convert_ccpl.py CLI
    (session-wide: the ~30 MB art graphs are built once). Returns (mode, checkpoint paths, out dir)."""
    mode = request.param
    work = tmp_path_factory.mktemp(f'ccpl-{mode}')
    checkpoints = write_random_checkpoints(work, mode)
    out = work / 'converted'
    subprocess.run([sys.executable, str(TRAINING_DIR / 'scripts' / 'convert_ccpl.py'), '--mode', mode,
                    '--vgg', str(checkpoints['vgg']), '--decoder', str(checkpoints['decoder']),
                    '--sct', str(checkpoints['sct']), '--out', str(out)], check=True, capture_output=True)
    return mode, checkpoints, out
