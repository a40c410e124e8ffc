"""The committed fixture models are what scripts/make_fixture_models.py generates, satisfy the engine's
manifest schema, follow the stylizer contract and respond to the style."""
import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
import torch

from contract.graphs import StylizerGraph
from contract.names import STYLE_ENCODER_OUTPUTS, STYLIZER_INPUTS, STYLIZER_OUTPUTS
from manifest_check import manifest_issues
from networks.tiny_fixture_net import TinyFixtureNet
from ort_node import run_onnx
from scripts.make_fixture_models import FIXTURE_MODES, make_fixtures

FIXTURES = Path(__file__).resolve().parents[3] / 'test' / 'fixtures' / 'models'
MANIFEST = json.loads((FIXTURES / 'models.json').read_text())
ENTRIES = {entry['id']: entry for entry in MANIFEST['models']}


def relative_files(folder: Path):
    return sorted(path.relative_to(folder) for path in folder.rglob('*') if path.is_file())


def test_committed_fixtures_are_up_to_date(tmp_path):
    make_fixtures(tmp_path)
    assert relative_files(tmp_path) == relative_files(FIXTURES)
    for relative in relative_files(FIXTURES):
        assert (tmp_path / relative).read_bytes() == (FIXTURES / relative).read_bytes(), \
            f'{relative} is stale: rerun models/training/scripts/make_fixture_models.py'


def test_manifest_matches_the_engine_schema_and_the_files():
    assert manifest_issues(FIXTURES / 'models.json') == ''
    assert MANIFEST['defaultMode'] == 'artistic'
    assert sorted(ENTRIES) == sorted(mode for mode, _, _ in FIXTURE_MODES)
    for entry in MANIFEST['models']:
        assert entry['sizeMultiple'] == 8 and entry['styleStatistics'] == STYLE_ENCODER_OUTPUTS
        for key in ('styleEncoder', 'stylizer'):
            data = (FIXTURES / entry[key]['file']).read_bytes()
            assert (hashlib.sha256(data).hexdigest(), len(data)) == (entry[key]['sha256'], entry[key]['bytes'])


def style_statistics(mode, style):
    return run_onnx(FIXTURES / ENTRIES[mode]['styleEncoder']['file'], {'style': (style, None)},
                    dict.fromkeys(STYLE_ENCODER_OUTPUTS))


def stylize(mode, content, statistics, alpha=1.0, content_mean=None, content_std=None):
    """Runs the fixture stylizer; with content_mean/std given, use_content_stats is 1."""
    channels = ENTRIES[mode]['contentStatChannels']
    use_given = content_mean is not None
    values = [content, np.array([alpha], np.float32), statistics['style_cov'], statistics['style_mean'],
              content_mean if use_given else np.zeros((1, channels, 1, 1), np.float32),
              content_std if use_given else np.ones((1, channels, 1, 1), np.float32),
              np.array([1.0 if use_given else 0.0], np.float32)]
    return run_onnx(FIXTURES / ENTRIES[mode]['stylizer']['file'],
                    {name: (value, None) for name, value in zip(STYLIZER_INPUTS, values)},
                    dict.fromkeys(STYLIZER_OUTPUTS))


def images(seed):
    generator = np.random.default_rng(seed)
    y, x = np.mgrid[0:48, 0:64] / 64.0
    content = np.stack([x, y, (x + y) / 2])[None].astype(np.float32)
    red = np.clip(np.array([0.9, 0.1, 0.1]).reshape(1, 3, 1, 1) + 0.1 * generator.random((1, 3, 32, 32)), 0, 1)
    blue = np.clip(np.array([0.1, 0.1, 0.9]).reshape(1, 3, 1, 1) + 0.1 * generator.random((1, 3, 32, 32)), 0, 1)
    return content, red.astype(np.float32), blue.astype(np.float32)


@pytest.mark.parametrize('mode', sorted(ENTRIES))
def test_fixture_is_not_style_blind(mode):
    content, red, blue = images(0)
    with_red = stylize(mode, content, style_statistics(mode, red))['stylized']
    with_blue = stylize(mode, content, style_statistics(mode, blue))['stylized']
    assert with_red.shape == content.shape
    assert np.abs(with_red - with_blue).mean() > 0.02
    assert with_red.min() >= 0 and with_red.max() <= 1


def test_modes_differ():
    content, red, _ = images(0)
    outputs = [stylize(mode, content, style_statistics(mode, red))['stylized'] for mode in sorted(ENTRIES)]
    assert all(np.abs(a - b).mean() > 0.02 for i, a in enumerate(outputs) for b in outputs[i + 1:])


def test_stylizer_follows_the_contract_against_pytorch():
    """Own statistics with use_content_stats=0, the given ones with 1 (a tile using its whole
    frame's statistics), alpha blending; all equal to the PyTorch graph of the same seed."""
    mode, seed, _ = FIXTURE_MODES[0]
    torch.manual_seed(seed)
    graph = StylizerGraph(TinyFixtureNet().eval())
    content, red, _ = images(1)
    statistics = style_statistics(mode, red)
    frame = stylize(mode, content, statistics, alpha=0.6)
    tile_content = content[:, :, 8:40, 16:48]
    tile = stylize(mode, tile_content, statistics, alpha=0.6, content_mean=frame['used_content_mean'],
                   content_std=frame['used_content_std'])
    assert np.array_equal(tile['used_content_mean'], frame['used_content_mean'])
    tile_own = stylize(mode, tile_content, statistics, alpha=0.6)
    assert not np.allclose(tile_own['used_content_mean'], frame['used_content_mean'])

    as_tensor = torch.from_numpy
    with torch.no_grad():
        expected_frame = graph(as_tensor(content), torch.tensor([0.6]), as_tensor(statistics['style_cov']),
                               as_tensor(statistics['style_mean']), torch.zeros_like(as_tensor(frame['used_content_mean'])),
                               torch.ones_like(as_tensor(frame['used_content_std'])), torch.zeros(1))
        expected_tile = graph(as_tensor(tile_content), torch.tensor([0.6]), as_tensor(statistics['style_cov']),
                              as_tensor(statistics['style_mean']), as_tensor(frame['used_content_mean']),
                              as_tensor(frame['used_content_std']), torch.ones(1))
    for actual, expected in ((frame, expected_frame), (tile, expected_tile)):
        for name, value in zip(STYLIZER_OUTPUTS, expected):
            assert np.abs(actual[name] - value.numpy()).max() <= 1e-5, name
    full_strength = stylize(mode, content, statistics, alpha=1.0)['stylized']
    assert np.abs(full_strength - frame['stylized']).mean() > 0.005
