"""Measures the render pipeline's temporal stabilizer and lattice filter (issue 19's gates) on clips no
model was trained on, through the project's own command line, so what is measured is what an editor
gets: `coherent-style stylize <frame folder> --temporal off|normal`.

Clips (data/clips.py): still camera: vtest, Megamind, a held-out photo with fresh sensor noise per frame and a
sprite crossing it; moving camera: tree.avi and a held-out photo panned 3 px per frame with sensor noise.
Styles: two held-out paintings and the high-contrast graphic style.

Per mode, clip, style and level it reports:
- warping ratio: the output's flow-warping error over the input's own (evaluation/temporal.py, the input
  frames' DIS flow with forward-backward occlusion masks);
- ghosts (evaluation/ghosts.py): on the sprite clip, the output's change against the plain background in
  the area the sprite left 5 frames before, over the same in area it never touched;
- high-frequency energy (output minus its Gaussian blur, sigma 1.5) relative to --temporal off;
- style cut by the patch sliced-Wasserstein distance (evaluation/measures.py) and the loss-network style
  distance (evaluation/style_cut.py), both relative to --temporal off;
- grid score of stills of the held-out photos, every mode, with the filter: over the whole frame
  (measures.grid_spike_ratio) and over 128-px tiles (measures.local_grid_ratio, a flat sky's grid).

    python3 models/training/scripts/steadiness.py [--modes artistic ...] [--frames 24] [--json F] [--report docs/steadiness-figures.md]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from typing import Dict, List

import cv2
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # models/training, run as a script

from data import clips  # noqa: E402
from data.dataset import content_dir, load_holdout, read_rgb, style_dir, to_tensor  # noqa: E402
from evaluation import measures  # noqa: E402
from evaluation.ghosts import ghost_ratio, trail_ratio  # noqa: E402
from evaluation.style_cut import style_cuts, style_distances  # noqa: E402
from evaluation.temporal import clip_flows, warping_error  # noqa: E402
from losses.darknet_tiny import DARKNET_DIR, DarknetTiny  # noqa: E402
from paths import REPO_ROOT  # noqa: E402

CLI = os.path.join(REPO_ROOT, 'bin', 'coherent-style.js')
PAINTINGS = ('renoir_pont_neuf.jpg', 'vangogh_thatched_cottages.jpg')
GRAPHIC = 'graphic'
PAN_STEP = 3
# Photo clips are made at this short side (about the size of the opencv-doc clips).
CLIP_SHORT_SIDE = 360


def write_frames(frames: List[np.ndarray], folder: str) -> None:
    os.makedirs(folder, exist_ok=True)
    for i, frame in enumerate(frames):
        bgr = cv2.cvtColor((np.clip(frame, 0, 1) * 255).round().astype(np.uint8), cv2.COLOR_RGB2BGR)
        cv2.imwrite(os.path.join(folder, f'frame_{i:06d}.png'), bgr)


def read_frames(folder: str) -> List[np.ndarray]:
    names = sorted(n for n in os.listdir(folder) if n.endswith('.png'))
    return [cv2.cvtColor(cv2.imread(os.path.join(folder, n)), cv2.COLOR_BGR2RGB).astype(np.float32) / 255 for n in names]


def pan_clip(photo: np.ndarray, frames: int, seed: int = 11) -> List[np.ndarray]:
    """A camera panning across `photo` PAN_STEP px per frame, with fresh sensor noise each frame."""
    h, w = photo.shape[:2]
    width = clips.fit_multiple(photo[:, : w - PAN_STEP * frames]).shape[1]
    rng = np.random.default_rng(seed)
    result = []
    for t in range(frames):
        window = photo[: h - h % clips.MULTIPLE, PAN_STEP * t: PAN_STEP * t + width]
        result.append(np.clip(window + rng.normal(0, clips.STILL_NOISE_STD, window.shape).astype(np.float32), 0, 1))
    return result


def make_clips(root: str, frames: int) -> Dict[str, str]:
    holdout = load_holdout()
    photos = [read_rgb(os.path.join(content_dir(), name), CLIP_SHORT_SIDE).astype(np.float32) / 255 for name in holdout['content']]
    made = {
        'vtest': clips.read_clip('vtest.avi', frames=frames, scale=0.5),
        'megamind': clips.read_clip('Megamind.avi', frames=frames, skip=1, scale=0.5),
        'still-photo': clips.still_photo_clip(photos[-1], photos[0], frames=frames),
        'still-photo-empty': clips.still_photo_clip(photos[-1], photos[0], frames=frames, with_sprite=False),
        'tree': clips.read_clip('tree.avi', frames=frames),
        'pan-photo': pan_clip(photos[3], frames),
    }
    folders = {}
    for name, clip in made.items():
        folders[name] = os.path.join(root, 'clips', name)
        write_frames(clip, folders[name])
    return folders


def make_styles(root: str) -> Dict[str, str]:
    styles = {name.split('_')[0] + '-' + name.split('_')[1]: os.path.join(style_dir(), name) for name in PAINTINGS}
    graphic = os.path.join(root, 'graphic.png')
    cv2.imwrite(graphic, cv2.cvtColor((clips.graphic_style() * 255).astype(np.uint8), cv2.COLOR_RGB2BGR))
    styles[GRAPHIC] = graphic
    return styles


def stylize(source: str, style: str, mode: str, level: str, out: str, size: int) -> None:
    os.makedirs(os.path.dirname(out), exist_ok=True)
    subprocess.run(['node', CLI, 'stylize', source, '--style', style, '--mode', mode, '--temporal', level,
                    '--size', str(size), '--out', out, '--overwrite'], check=True, stdout=subprocess.DEVNULL)


def high_frequency(frames: List[np.ndarray]) -> float:
    return float(np.mean([((f - cv2.GaussianBlur(f, (0, 0), 1.5)) ** 2).mean() for f in frames]))


def style_swd(frames: List[np.ndarray], style: np.ndarray) -> float:
    return float(np.mean([measures.patch_distance(f, style, 1) for f in frames[::4]]))


def network_style_cut(loss_net: DarknetTiny, frames: List[np.ndarray], inputs: List[np.ndarray], style: np.ndarray) -> float:
    """evaluate.py's style cut (loss-network AdaIN distances, scale-balanced) of every 4th frame."""
    tensor = lambda image: to_tensor((image * 255).round().astype(np.uint8))[None]  # noqa: E731
    style_t = tensor(style)
    distances = [style_distances(loss_net, tensor(f), style_t) for f in frames[::4]]
    references = [style_distances(loss_net, tensor(f), style_t) for f in inputs[::4]]
    return style_cuts(distances, references)[0]


def measure_clips(root: str, folders: Dict[str, str], styles: Dict[str, str], modes: List[str],
                  loss_net: DarknetTiny) -> Dict:
    results: Dict = {}
    for clip_name, folder in folders.items():
        if clip_name == 'still-photo-empty':
            continue
        inputs = read_frames(folder)
        flows = clip_flows(inputs)
        input_error = warping_error(inputs, flows)
        size = min(inputs[0].shape[:2])
        for mode in modes:
            for style_name, style_path in styles.items():
                style = read_rgb(style_path, CLIP_SHORT_SIDE).astype(np.float32) / 255
                row = {}
                for level in ('off', 'normal'):
                    out = os.path.join(root, 'out', mode, clip_name, style_name, level)
                    stylize(folder, style_path, mode, level, out, size)
                    outputs = read_frames(out)
                    row[level] = {
                        'warping_ratio': warping_error(outputs, flows) / input_error,
                        'high_frequency': high_frequency(outputs),
                        'swd_style_cut': 1 - style_swd(outputs, style) / style_swd(inputs, style),
                        'network_style_cut': network_style_cut(loss_net, outputs, inputs, style),
                    }
                    if clip_name == 'still-photo':
                        empty = os.path.join(root, 'out', mode, 'still-photo-empty', style_name, level)
                        stylize(folders['still-photo-empty'], style_path, mode, level, empty, size)
                        empty_outputs = read_frames(empty)
                        row[level]['ghost_ratio'] = ghost_ratio(inputs, outputs, empty_outputs)
                        row[level]['trail_ratio'] = trail_ratio(inputs, outputs, empty_outputs)
                results.setdefault(mode, {}).setdefault(clip_name, {})[style_name] = row
                print(mode, clip_name, style_name, json.dumps({k: {m: round(v, 3) for m, v in r.items()} for k, r in row.items()}), flush=True)
    return results


GRID_SHORT_SIDE = 512


def grid_scores(path: str) -> Dict[str, float]:
    rgb = read_frames_single(path)
    return {'whole': measures.grid_spike_ratio(rgb), 'tiles': measures.local_grid_ratio(rgb)}


def mean_scores(scores: List[Dict[str, float]]) -> Dict[str, float]:
    return {kind: float(np.mean([s[kind] for s in scores])) for kind in scores[0]}


def measure_grid(root: str, modes: List[str]) -> Dict[str, Dict[str, float]]:
    """Mean grid score of stills of the held-out photos in two paintings. Each photo is first brought
    to GRID_SHORT_SIDE (area, which also removes its own JPEG block grid) and rendered at that size,
    so the network's 8-px step is an 8-px period in the output; the photos themselves score about 1-2."""
    holdout = load_holdout()
    grids: Dict[str, Dict[str, float]] = {}
    photos = {}
    for photo in holdout['content']:
        photos[photo] = os.path.join(root, 'stills', 'inputs', f'{photo}.png')
        os.makedirs(os.path.dirname(photos[photo]), exist_ok=True)
        rgb = read_rgb(os.path.join(content_dir(), photo), GRID_SHORT_SIDE)
        cv2.imwrite(photos[photo], cv2.cvtColor(clips.fit_multiple(rgb), cv2.COLOR_RGB2BGR))
    grids['photos (inputs)'] = mean_scores([grid_scores(f) for f in photos.values()])
    for mode in modes:
        scores = []
        for photo, source in photos.items():
            for style in PAINTINGS:
                out = os.path.join(root, 'stills', mode, f'{photo}-{style}.png')
                os.makedirs(os.path.dirname(out), exist_ok=True)
                subprocess.run(['node', CLI, 'stylize', source, '--style', os.path.join(style_dir(), style), '--mode', mode,
                                '--size', str(GRID_SHORT_SIDE), '--out', out, '--overwrite'], check=True, stdout=subprocess.DEVNULL)
                scores.append(grid_scores(out))
        grids[mode] = mean_scores(scores)
        print(mode, 'grid', {kind: round(score, 2) for kind, score in grids[mode].items()}, flush=True)
    return grids


def read_frames_single(path: str) -> np.ndarray:
    return cv2.cvtColor(cv2.imread(path), cv2.COLOR_BGR2RGB).astype(np.float32) / 255


STILL_CAMERA = ('vtest', 'megamind', 'still-photo')
MOVING_CAMERA = ('tree', 'pan-photo')


def report(results: Dict, frames: int) -> str:
    """Markdown: one table per mode (clip × style, off → normal), then the grid scores."""
    lines = [
        '<!-- Generated by models/training/scripts/steadiness.py; rerun it to refresh. -->',
        f'Clips of {frames} frames; each figure is `--temporal off` → `normal` (the default) through `coherent-style stylize`.',
        'Warping ratio: the output\'s flow-warping error over the input\'s own (lower is steadier; gates: still camera',
        '≤ 1.3 paintings, ≤ 2 graphic; moving camera no worse than off and ≤ 1.3 paintings). Detail: high-frequency',
        'energy of normal over off (gate ≥ 90%). Style cut: loss-network / patch sliced-Wasserstein, normal minus off',
        '(gate within 3 points). Ghost: distance to the background\'s own look where the sprite was 5 frames ago, over the',
        'same in background it never touched (1 or less: no ghost); trail: the same in the strip 5-8 frames behind the',
        'sprite over the strip as far ahead of it (the network\'s halo is on both sides; 1 or less: no ghost).',
        '',
    ]
    for mode, clips_of_mode in results['clips'].items():
        lines += [f'### {mode}', '', '| clip | style | warping ratio | detail kept | style cut change (network / patch) | ghost | trail |',
                  '|---|---|---|---|---|---|---|']
        for clip_name, styles in clips_of_mode.items():
            camera = 'still' if clip_name in STILL_CAMERA else 'moving'
            for style_name, row in styles.items():
                off, normal = row['off'], row['normal']
                ghost = f"{off['ghost_ratio']:.2f} → {normal['ghost_ratio']:.2f}" if 'ghost_ratio' in normal else ''
                trail = f"{off['trail_ratio']:.2f} → {normal['trail_ratio']:.2f}" if 'trail_ratio' in normal else ''
                lines.append(
                    f"| {clip_name} ({camera}) | {style_name} | {off['warping_ratio']:.2f} → **{normal['warping_ratio']:.2f}** | "
                    f"{100 * normal['high_frequency'] / off['high_frequency']:.0f}% | "
                    f"{100 * (normal['network_style_cut'] - off['network_style_cut']):+.1f} / "
                    f"{100 * (normal['swd_style_cut'] - off['swd_style_cut']):+.1f} points | {ghost} | {trail} |")
        lines.append('')
    lines += [f'### Lattice (grid score of stills of the 8 held-out photos at {GRID_SHORT_SIDE} px × 2 paintings, mean; gate ≤ 3)', '',
              'Whole frame: measures.grid_spike_ratio. Tiles: the 90th percentile of it over 128-px tiles',
              '(measures.local_grid_ratio), where a grid on a flat sky shows that the whole frame dilutes.', '',
              '| mode | grid score, whole frame | grid score, tiles |', '|---|---|---|']
    lines += [f"| {mode} | {score['whole']:.2f} | {score['tiles']:.2f} |" for mode, score in results['grid'].items()]
    return '\n'.join(lines) + '\n'


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--modes', nargs='+', default=['artistic', 'artistic-soft', 'photorealistic'])
    parser.add_argument('--frames', type=int, default=24)
    parser.add_argument('--json', default=None, help='write every figure to this JSON file')
    parser.add_argument('--keep', default=None, help='work in this folder and keep it (default: a temp folder)')
    parser.add_argument('--report', default=None, help='write the markdown tables to this file')
    args = parser.parse_args()
    root = args.keep or tempfile.mkdtemp(prefix='coherent-style-steadiness-')
    folders = make_clips(root, args.frames)
    styles = make_styles(root)
    loss_net = DarknetTiny(DARKNET_DIR)
    results = {'clips': measure_clips(root, folders, styles, args.modes, loss_net)}
    results['grid'] = measure_grid(root, args.modes)
    if args.json:
        with open(args.json, 'w') as handle:
            json.dump(results, handle, indent=1)
    if args.report:
        with open(args.report + '.tmp', 'w') as handle:
            handle.write(report(results, args.frames))
        os.replace(args.report + '.tmp', args.report)


if __name__ == '__main__':
    main()
