"""train.py: a 3-iteration run, a resume that continues exactly, the log and the curves."""
import csv
import json
import os

import pytest
import torch

from losses.darknet_tiny import DARKNET_DIR
from scripts import train

pytestmark = pytest.mark.skipif(not os.path.isdir(DARKNET_DIR), reason='../shared/data is not on this machine')

CONFIG = {
    'seed': 3, 'phase': 'style', 'crop': 32, 'load_short_side': 40, 'batch_size': 1, 'lr': 1e-3,
    'iterations': 3, 'log_every': 1, 'checkpoint_every': 1,
    'net': {'encoder_channels': [4, 8, 8], 'residual_blocks': 1, 'sct_hidden': [], 'use_skips': True},
    'taps': ['leaky_re_lu_1', 'leaky_re_lu_2', 'leaky_re_lu_4'],
    'content_taps': [2], 'style_taps': [0, 1, 2], 'ccpl_taps': [1, 2], 'gram_taps': [0, 1, 2], 'feature_taps': [2],
    'weights': {'content': 1, 'style': 1, 'ccpl': 1, 'perceptual': 3},
}


def run(tmp_path, name, config, *extra):
    config_path = tmp_path / f'{name}.json'
    config_path.write_text(json.dumps(config))
    run_dir = tmp_path / name
    train.main(['--config', str(config_path), '--run-dir', str(run_dir), *extra])
    return run_dir


def rows(run_dir):
    with open(run_dir / 'log.csv') as handle:
        return list(csv.DictReader(handle))


def test_three_iterations_log_checkpoint_and_plot(tmp_path):
    run_dir = run(tmp_path, 'straight', CONFIG)
    log = rows(run_dir)
    assert [int(r['iteration']) for r in log] == [1, 2, 3]
    assert all(float(r['total']) > 0 and float(r['ccpl']) > 0 and float(r['perceptual']) > 0 for r in log)
    assert (run_dir / 'curves.png').stat().st_size > 1000
    final = torch.load(run_dir / 'final.pt')
    assert final['iteration'] == 3 and 'optimizer' not in final


def test_resume_continues_exactly_like_an_uninterrupted_run(tmp_path):
    straight = run(tmp_path, 'straight', CONFIG)
    first_leg = run(tmp_path, 'legs', dict(CONFIG, iterations=2))
    assert torch.load(first_leg / 'final.pt')['iteration'] == 2  # the first leg reached its own end
    resumed = run(tmp_path, 'legs', CONFIG, '--resume')
    assert [int(r['iteration']) for r in rows(resumed)] == [1, 2, 3]
    assert float(rows(resumed)[-1]['total']) == pytest.approx(float(rows(straight)[-1]['total']), rel=1e-4)
    a, b = torch.load(straight / 'final.pt')['net'], torch.load(resumed / 'final.pt')['net']
    assert all(torch.allclose(a[k], b[k], atol=1e-6) for k in a)


def test_autoencoder_phase_trains_reconstruction(tmp_path):
    config = dict(CONFIG, phase='autoencoder', weights={'pixel': 10, 'perceptual': 1})
    log = rows(run(tmp_path, 'warmup', config))
    assert all(float(r['pixel']) > 0 and float(r['style']) == 0 for r in log)


def test_learning_rate_decays_linearly_after_its_start():
    config = {'lr': 1e-3, 'iterations': 300, 'lr_decay': {'start': 100, 'final': 1e-4}}
    assert train.learning_rate(config, 50) == 1e-3
    assert train.learning_rate(config, 100) == 1e-3
    assert abs(train.learning_rate(config, 200) - 5.5e-4) < 1e-12
    assert abs(train.learning_rate(config, 300) - 1e-4) < 1e-12
    assert train.learning_rate({'lr': 1e-3, 'iterations': 300}, 250) == 1e-3


def test_consistency_term_is_trained_and_logged(tmp_path):
    config = dict(CONFIG, crop=40, load_short_side=48, iterations=2,
                  weights=dict(CONFIG['weights'], consistency=10), consistency={'noise_std': 0.03, 'margin': 4})
    log = rows(run(tmp_path, 'consistency', config))
    assert all(float(r['consistency']) > 0 for r in log)


def test_data_and_loss_network_folders_are_arguments(tmp_path):
    import cv2
    import numpy as np
    rng = np.random.default_rng(0)
    for folder in ('content', 'styles'):
        (tmp_path / 'data' / folder).mkdir(parents=True)
        for index in range(2):
            cv2.imwrite(str(tmp_path / 'data' / folder / f'synthetic_{index}.png'),
                        (rng.random((48, 64, 3)) * 255).astype(np.uint8))
    config = dict(CONFIG, iterations=1)
    run_dir = run(tmp_path, 'elsewhere', config, '--data', str(tmp_path / 'data'), '--loss-net', DARKNET_DIR)
    assert [int(r['iteration']) for r in rows(run_dir)] == [1]
    with pytest.raises(FileNotFoundError):
        run(tmp_path, 'nowhere', config, '--data', str(tmp_path / 'missing'))
