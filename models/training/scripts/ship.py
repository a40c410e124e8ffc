"""Ships a trained light mode: its weights as models/<mode>/weights.pt, both ONNX graphs
(contract/export.py) and its entry in models/models.json (contract/manifest.py).

    python3 models/training/scripts/ship.py --mode artistic --weights models/training/runs/artistic/final.pt \
        --run-dir models/training/runs/artistic [--default]

The provenance string is built from the mode's config and the run's log (iterations, minutes). The
shipped net is the weights' net with the refinement the mode's config.json names under net (a guided
filter): modes can share one trained network and differ in how its output is refined.
"""
import argparse
import csv
import json
import os
import sys
import tempfile

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # models/training, run as a script

from contract.export import export  # noqa: E402
from contract.manifest import install  # noqa: E402
from networks.light_net import LightNet  # noqa: E402
from paths import MODELS_DIR, REPO_ROOT  # noqa: E402

MODES = {
    'artistic': ('Artistic', 'Paints the clip with the colours and textures of the style image; trained with '
                             'CCPL for frame-to-frame coherence without optical flow.'),
    'artistic-soft': ('Artistic (soft)', 'Like Artistic, but keeps more of the clip\'s own structure and detail '
                                         '(the painted frame partly smoothed along the clip\'s own edges); for '
                                         'faces and fine detail.'),
    'photorealistic': ('Photorealistic', 'Moves the clip\'s colours and tones towards the style image while '
                                         'keeping it sharp and photographic; no painted textures.'),
}
RECOMMENDED_SHORT_SIDE = 720


def run_summary(log_csv: str, up_to: int = None):
    """(iterations, minutes) of a run from its log.csv, up to iteration up_to when given; a resumed
    run's legs are summed."""
    with open(log_csv) as handle:
        rows = [row for row in csv.DictReader(handle) if up_to is None or int(row['iteration']) <= up_to]
    minutes, previous = 0.0, 0.0
    for row in rows:
        seconds = float(row['seconds'])
        if seconds < previous:  # a new leg (resume) restarts the clock
            minutes += previous / 60
        previous = seconds
    return int(rows[-1]['iteration']), minutes + previous / 60


def lineage(config: dict):
    """[(run, config path, iterations, minutes)] of the runs that led to this config's start: each
    config's `parent` names the run that wrote its `init_from` weights (its config, its log and, for a
    snapshot, the iteration), back to the run that starts from scratch."""
    parent = config.get('parent')
    if not parent:
        return []
    with open(os.path.join(REPO_ROOT, parent['config'])) as handle:
        parent_config = json.load(handle)
    logged, minutes = run_summary(os.path.join(REPO_ROOT, parent['log']), parent.get('up_to'))
    # A run stopped by its time limit has no log row at its last iteration; up_to names that iteration.
    return lineage(parent_config) + [(parent['run'], parent['config'], parent.get('up_to', logged), minutes)]


def provenance(mode: str, iterations: int, minutes: float, config: dict) -> str:
    legs = lineage(config) + [(config.get('run', f'{mode} run'), f'models/{mode}/config.json', iterations, minutes)]
    steps = '; '.join(f'{run}: {its} iterations, {mins:.0f} min ({path})' for run, path, its, mins in legs)
    total = sum(leg[3] for leg in legs)
    refinement = config.get('net', {}).get('guided_filter')
    refined = (f' Output refined by a guided filter with the content frame as guide (radius {refinement["radius"]}, '
               f'eps {refinement["eps"]}, strength {refinement.get("strength", 1.0)}).' if refinement else '')
    return (f'Light CCPL-family network trained from scratch in this repository by models/training/scripts/train.py '
            f'on a shared 2-core CPU, one thread per run, {total:.0f} min in all, each run starting from the '
            f'weights of the one before: {steps}. Seed {config["seed"]}; batches of {config["batch_size"]} '
            f'random {config["crop"]}px crops of the training content photos and paintings (held-out split '
            f'excluded); loss network: Darknet-tiny ImageNet classifier (ml5-data-and-models, MIT), frozen.'
            f'{refined}')


def shipped_net_config(trained: dict, mode_config: dict) -> dict:
    """The weights' net config with the mode's refinement (mode config net.guided_filter) or without one."""
    config = {key: value for key, value in trained.items() if key != 'guided_filter'}
    if mode_config['net'].get('guided_filter'):
        config['guided_filter'] = mode_config['net']['guided_filter']
    return config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--mode', required=True, choices=sorted(MODES))
    parser.add_argument('--weights', required=True, help='weights file written by train.py (final.pt or weights_N.pt)')
    parser.add_argument('--run-dir', required=True, help='the run whose log.csv gives minutes and iterations')
    parser.add_argument('--default', action='store_true', help='make this the default mode')
    args = parser.parse_args()
    torch.set_num_threads(1)

    state = torch.load(args.weights, map_location='cpu')
    mode_dir = os.path.join(MODELS_DIR, args.mode)
    with open(os.path.join(mode_dir, 'config.json')) as handle:
        config = json.load(handle)
    net_config = shipped_net_config(state['net_config'], config)
    net = LightNet(net_config)
    net.load_state_dict(state['net'])
    net.eval()
    weights_out = os.path.join(mode_dir, 'weights.pt')
    torch.save({'net': state['net'], 'net_config': net_config, 'iteration': state['iteration']},
               weights_out + '.tmp')
    os.replace(weights_out + '.tmp', weights_out)

    _, minutes = run_summary(os.path.join(args.run_dir, 'log.csv'), state['iteration'])
    label, description = MODES[args.mode]
    with tempfile.TemporaryDirectory() as staging:
        export(net, staging, args.mode, label, description, RECOMMENDED_SHORT_SIDE,
               provenance(args.mode, state['iteration'], minutes, config))
        entry = install(staging, MODELS_DIR, replace=True, make_default=args.default)
    print(f'shipped {args.mode}: iteration {state["iteration"]}, {entry["stylizer"]["bytes"]} byte stylizer')


if __name__ == '__main__':
    main()
