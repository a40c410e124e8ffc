"""add_model.py installs an exported folder into a models.json, refusing duplicates unless --replace."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from contract.export import export
from contract.manifest import InstallError, install
from manifest_check import manifest_issues
from networks.tiny_fixture_net import TinyFixtureNet

ADD_MODEL = Path(__file__).resolve().parents[1] / 'scripts' / 'add_model.py'


def exported(folder: Path, mode_id: str, seed: int) -> Path:
    torch.manual_seed(seed)
    export(TinyFixtureNet(), folder, mode_id, mode_id.title(), 'test model', 128, 'random test model')
    return folder


@pytest.fixture(scope='module')
def sources(tmp_path_factory):
    root = tmp_path_factory.mktemp('sources')
    return {name: exported(root / name, mode_id, seed)
            for name, mode_id, seed in (('first', 'artistic', 1), ('again', 'artistic', 2), ('other', 'soft', 3))}


def manifest(models: Path):
    return json.loads((models / 'models.json').read_text())


def test_install_creates_and_extends_a_valid_manifest(sources, tmp_path):
    install(sources['first'], tmp_path)
    install(sources['other'], tmp_path)
    written = manifest(tmp_path)
    assert written['defaultMode'] == 'artistic'
    assert [entry['id'] for entry in written['models']] == ['artistic', 'soft']
    assert manifest_issues(tmp_path / 'models.json') == ''
    assert (tmp_path / 'soft' / 'stylizer.onnx').read_bytes() == (sources['other'] / 'soft' / 'stylizer.onnx').read_bytes()


def test_duplicates_are_refused_unless_replace(sources, tmp_path):
    install(sources['first'], tmp_path)
    before = (tmp_path / 'models.json').read_bytes(), (tmp_path / 'artistic' / 'stylizer.onnx').read_bytes()
    with pytest.raises(InstallError, match='--replace'):
        install(sources['again'], tmp_path)
    assert ((tmp_path / 'models.json').read_bytes(), (tmp_path / 'artistic' / 'stylizer.onnx').read_bytes()) == before
    entry = install(sources['again'], tmp_path, replace=True)
    assert manifest(tmp_path)['models'] == [entry]
    assert (tmp_path / 'artistic' / 'stylizer.onnx').read_bytes() != before[1]


def test_a_replaced_mode_keeps_its_guide(sources, tmp_path):
    install(sources['first'], tmp_path)
    written = manifest(tmp_path)
    guide = {'does': 'Paints', 'useWhen': 'Always', 'cpuMsPer720pFrame': 100}
    written['models'][0]['modeGuide'] = guide
    (tmp_path / 'models.json').write_text(json.dumps(written))
    install(sources['again'], tmp_path, replace=True)
    assert manifest(tmp_path)['models'][0]['modeGuide'] == guide
    assert manifest_issues(tmp_path / 'models.json') == ''


def test_default_flag_and_cli(sources, tmp_path):
    def run(*args):
        return subprocess.run([sys.executable, str(ADD_MODEL), *args, '--models-dir', str(tmp_path)],
                              capture_output=True, text=True, check=False)

    assert run(str(sources['first'])).returncode == 0
    assert run(str(sources['other']), '--default').returncode == 0
    assert manifest(tmp_path)['defaultMode'] == 'soft'
    refused = run(str(sources['again']))
    assert refused.returncode == 1 and 'already installed' in refused.stderr


def test_a_graph_that_does_not_match_its_entry_is_refused(sources, tmp_path):
    source = exported(tmp_path / 'tampered', 'artistic', 1)
    with open(source / 'artistic' / 'stylizer.onnx', 'ab') as graph:
        graph.write(b'\0')
    with pytest.raises(InstallError, match='sha256'):
        install(source, tmp_path / 'models')
    assert not (tmp_path / 'models' / 'models.json').exists()
