"""Train a light CCPL-family mode against the frozen Darknet-tiny loss network.

    python3 models/training/scripts/train.py --config models/artistic/config.json --run-dir models/training/runs/artistic \
        [--resume] [--max-minutes 60] [--device cpu|cuda] [--data ../shared/data] [--loss-net DIR]

Config (JSON): seed, crop, load_short_side, batch_size, lr, iterations, log_every, checkpoint_every,
lr_decay {start, final} (optional: lr falls linearly from `lr` at iteration start to `final` at `iterations`),
net (LightNet config), init_from (optional checkpoint whose net weights start this run),
parent (the run that wrote init_from: run, config, log, up_to; read by ship.py for provenance),
phase "autoencoder" (reconstruction warm-up) or "style", taps (Darknet tap names),
content_taps / style_taps / ccpl_taps / gram_taps / feature_taps (indices into taps),
weights {content, style, ccpl, perceptual, pixel, consistency, grid, colour},
consistency {noise_std, margin} (with weights.consistency > 0: ReReVST-style compound regularisation, see
Trainer.consistency_loss).

Every iteration draws its batch and CCPL positions from seed + iteration, so a run resumed from its
checkpoint continues exactly as an uninterrupted one. Writes to the run dir: log.csv, curves.png,
checkpoint.pt (latest, with optimizer), weights_<iteration>.pt every checkpoint_every iterations
and final.pt (net weights only, when `iterations` is reached).
"""
import argparse
import csv
import json
import os
import sys
import time
from typing import Dict

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # models/training, run as a script

from data.dataset import CropSampler, content_dir, load_holdout, style_dir, training_names  # noqa: E402
from losses import terms  # noqa: E402
from losses.darknet_tiny import DARKNET_DIR, DarknetTiny  # noqa: E402
from networks.light_net import LightNet  # noqa: E402
from paths import REPO_ROOT, SHARED_DATA  # noqa: E402

LOSS_NAMES = ['total', 'content', 'style', 'ccpl', 'perceptual', 'pixel', 'consistency', 'grid', 'colour']
# Shifts of the consistency loss: 1..7 px, never a multiple of the network's 8 px step.
MAX_SHIFT = 7


def repo_path(path: str) -> str:
    return path if os.path.isabs(path) else os.path.join(REPO_ROOT, path)


def learning_rate(config: Dict, iteration: int) -> float:
    """The configured lr, or on the optional linear decay towards the end of the run (a function of the
    iteration only, so a resumed run follows the same schedule)."""
    decay = config.get('lr_decay')
    if not decay or iteration <= decay['start']:
        return config['lr']
    progress = min(1.0, (iteration - decay['start']) / max(1, config['iterations'] - decay['start']))
    return config['lr'] + (decay['final'] - config['lr']) * progress


def pick(feats, indices):
    return [feats[i] for i in indices]


class Trainer:
    def __init__(self, config: Dict, device: torch.device, data_dir: str = SHARED_DATA,
                 loss_net_dir: str = DARKNET_DIR):
        self.config = config
        self.device = device
        torch.manual_seed(config['seed'])
        self.net = LightNet(config['net']).to(device)
        if config.get('init_from'):
            state = torch.load(repo_path(config['init_from']), map_location='cpu')
            # Blocks the starting network lacks must start as identity (DepthwiseResidual identity_init).
            missing, unexpected = self.net.load_state_dict(state['net'], strict=False)
            if unexpected or any('.residual' not in key for key in missing):
                raise ValueError(f'{config["init_from"]} does not fit this net: missing {missing}, unexpected {unexpected}')
        self.loss_net = DarknetTiny(loss_net_dir).to(device)
        self.taps = config['taps']
        tap_channels = [self._tap_channels(name) for name in self.taps]
        self.ccpl = terms.CCPLoss(pick(tap_channels, config.get('ccpl_taps', []))).to(device)
        self.optimizer = torch.optim.Adam(list(self.net.parameters()) + list(self.ccpl.parameters()), lr=config['lr'])
        holdout = load_holdout(data_dir)
        short, crop = config['load_short_side'], config['crop']
        contents, styles = content_dir(data_dir), style_dir(data_dir)
        self.content = CropSampler(contents, training_names(contents, holdout['content']), short, crop)
        self.styles = CropSampler(styles, training_names(styles, holdout['styles']), short, crop)
        self.iteration = 0

    def _tap_channels(self, name: str) -> int:
        block = int(name.rsplit('_', 1)[1])
        return self.loss_net.blocks[block - 1].out_channels

    def step(self) -> Dict[str, float]:
        config, weights = self.config, self.config['weights']
        rng = np.random.default_rng([config['seed'], self.iteration])
        torch.manual_seed(config['seed'] * 1_000_003 + self.iteration)
        content = self.content.batch(config['batch_size'], rng).to(self.device)
        values = {name: torch.zeros((), device=self.device) for name in LOSS_NAMES}
        if config['phase'] == 'autoencoder':
            output = self.net.reconstruct(content)
            with torch.no_grad():
                content_feats = self.loss_net.features(content, self.taps)
            output_feats = self.loss_net.features(output, self.taps)
            values['pixel'] = torch.nn.functional.mse_loss(output, content)
            values['perceptual'] = terms.feature_mse(output_feats, content_feats)
        else:
            style = self.styles.batch(config['batch_size'], rng).to(self.device)
            output = self.net(content, style)
            with torch.no_grad():
                content_feats = self.loss_net.features(content, self.taps)
                style_feats = self.loss_net.features(style, self.taps)
            output_feats = self.loss_net.features(output, self.taps)
            values['content'] = terms.content_loss(pick(output_feats, config['content_taps']),
                                                    pick(content_feats, config['content_taps']))
            values['style'] = terms.relative_style_loss(pick(output_feats, config['style_taps']),
                                                         pick(style_feats, config['style_taps']),
                                                         pick(content_feats, config['style_taps']))
            if weights.get('ccpl', 0) > 0:
                values['ccpl'] = self.ccpl(pick(output_feats, config['ccpl_taps']),
                                           pick(content_feats, config['ccpl_taps']))
            if weights.get('perceptual', 0) > 0:
                values['perceptual'] = (
                    terms.gram_loss(pick(output_feats, config['gram_taps']), pick(style_feats, config['gram_taps']))
                    + 2 * terms.feature_mse(pick(output_feats, config['feature_taps']),
                                             pick(content_feats, config['feature_taps'])))
            if weights.get('consistency', 0) > 0:
                values['consistency'] = self.consistency_loss(content, style, output, rng)
            if weights.get('grid', 0) > 0:
                values['grid'] = terms.grid_energy(output)
            if weights.get('colour', 0) > 0:
                values['colour'] = terms.colour_distribution_loss(output, style)
        total = sum(weights.get(name, 0) * values[name] for name in LOSS_NAMES[1:])
        for group in self.optimizer.param_groups:
            group['lr'] = learning_rate(config, self.iteration)
        self.optimizer.zero_grad()
        total.backward()
        self.optimizer.step()
        self.iteration += 1
        values['total'] = total
        return {name: float(value) for name, value in values.items()}

    def consistency_loss(self, content: torch.Tensor, style: torch.Tensor, output: torch.Tensor,
                         rng: np.random.Generator) -> torch.Tensor:
        """F(shift(x) + noise) ~ shift(F(x)) (ReReVST's compound regularisation, with a shift for the
        warp): the content moved by 1-7 px (never the network's 8 px step, so an output grid fixed to the
        frame's origin is penalised) and given Gaussian sensor noise must stylize to the same pixels as
        before the move. A margin at the border, where padding differs, is left out."""
        settings = self.config['consistency']
        dy, dx = (int(v) for v in rng.integers(1, MAX_SHIFT + 1, size=2))
        size = content.shape[2] - (MAX_SHIFT + 1)
        moved = content[:, :, dy:dy + size, dx:dx + size]
        noisy = (moved + settings['noise_std'] * torch.randn_like(moved)).clamp(0, 1)
        moved_output = self.net(noisy, style)
        m = settings['margin']
        target = output[:, :, dy + m:dy + size - m, dx + m:dx + size - m]
        return torch.nn.functional.mse_loss(moved_output[:, :, m:size - m, m:size - m], target)

    def save(self, path: str, with_optimizer: bool = True) -> None:
        state = {'net': self.net.state_dict(), 'net_config': self.config['net'], 'iteration': self.iteration}
        if with_optimizer:
            state['ccpl'] = self.ccpl.state_dict()
            state['optimizer'] = self.optimizer.state_dict()
        temp = path + '.tmp'
        torch.save(state, temp)
        os.replace(temp, path)

    def load(self, path: str) -> None:
        state = torch.load(path, map_location=self.device)
        self.net.load_state_dict(state['net'])
        self.ccpl.load_state_dict(state['ccpl'])
        self.optimizer.load_state_dict(state['optimizer'])
        self.iteration = state['iteration']


def plot_curves(log_path: str, png_path: str, title: str) -> None:
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    with open(log_path) as handle:
        rows = list(csv.DictReader(handle))
    if not rows:
        return
    iterations = [int(row['iteration']) for row in rows]
    figure, axis = plt.subplots(figsize=(8, 4.5))
    for name in LOSS_NAMES:
        series = [float(row[name]) for row in rows]
        if any(series):
            axis.plot(iterations, series, label=name)
    axis.set_yscale('log')
    axis.set_xlabel('iteration')
    axis.set_ylabel('loss (raw, unweighted; total weighted)')
    axis.set_title(title)
    axis.legend()
    figure.tight_layout()
    figure.savefig(png_path + '.tmp.png', dpi=90)
    plt.close(figure)
    os.replace(png_path + '.tmp.png', png_path)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--config', required=True)
    parser.add_argument('--run-dir', required=True)
    parser.add_argument('--resume', action='store_true', help='continue from run-dir/checkpoint.pt')
    parser.add_argument('--max-minutes', type=float, default=90.0, help='stop (with a checkpoint) after this long')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--threads', type=int, default=1)
    parser.add_argument('--data', default=SHARED_DATA, help='folder with content/ and styles/ (see models/README.md)')
    parser.add_argument('--loss-net', default=DARKNET_DIR, help='the Darknet-tiny tfjs folder (see models/README.md)')
    args = parser.parse_args(argv)

    torch.set_num_threads(args.threads)
    with open(args.config) as handle:
        config = json.load(handle)
    os.makedirs(args.run_dir, exist_ok=True)
    trainer = Trainer(config, torch.device(args.device), args.data, args.loss_net)
    checkpoint = os.path.join(args.run_dir, 'checkpoint.pt')
    log_path = os.path.join(args.run_dir, 'log.csv')
    if args.resume:
        trainer.load(checkpoint)
        print(f'resumed at iteration {trainer.iteration}', flush=True)
    elif os.path.exists(log_path):
        os.remove(log_path)
    if not os.path.exists(log_path):
        with open(log_path, 'w') as handle:
            handle.write(','.join(['iteration', 'seconds'] + LOSS_NAMES) + '\n')

    start = time.time()
    running = {name: 0.0 for name in LOSS_NAMES}
    counted = 0
    last_checkpoint = start
    while trainer.iteration < config['iterations']:
        values = trainer.step()
        for name in LOSS_NAMES:
            running[name] += values[name]
        counted += 1
        elapsed = time.time() - start
        if trainer.iteration % config['log_every'] == 0 or trainer.iteration == config['iterations']:
            averages = [running[name] / counted for name in LOSS_NAMES]
            with open(log_path, 'a') as handle:
                handle.write(','.join([str(trainer.iteration), f'{elapsed:.1f}'] + [f'{v:.6g}' for v in averages]) + '\n')
            print(f'it {trainer.iteration} {elapsed:.0f}s ' + ' '.join(
                f'{n}={v:.4g}' for n, v in zip(LOSS_NAMES, averages)), flush=True)
            running = {name: 0.0 for name in LOSS_NAMES}
            counted = 0
        out_of_time = elapsed > args.max_minutes * 60
        if trainer.iteration % config['checkpoint_every'] == 0:
            # Weights-only snapshots let runs of different speed be compared at equal iterations.
            trainer.save(os.path.join(args.run_dir, f'weights_{trainer.iteration:06d}.pt'), with_optimizer=False)
        if (trainer.iteration % config['checkpoint_every'] == 0 or time.time() - last_checkpoint > 300
                or out_of_time):
            trainer.save(checkpoint)
            plot_curves(log_path, os.path.join(args.run_dir, 'curves.png'), os.path.basename(args.run_dir))
            last_checkpoint = time.time()
        if out_of_time:
            print(f'stopped after {args.max_minutes} min at iteration {trainer.iteration}; resume with --resume',
                  flush=True)
            return
    trainer.save(checkpoint)
    trainer.save(os.path.join(args.run_dir, 'final.pt'), with_optimizer=False)
    plot_curves(log_path, os.path.join(args.run_dir, 'curves.png'), os.path.basename(args.run_dir))
    print(f'done at iteration {trainer.iteration}', flush=True)


if __name__ == '__main__':
    main()
