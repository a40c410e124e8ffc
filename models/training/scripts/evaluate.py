"""Evidence for the shipped light modes, on the held-out split (holdout.json) only.

    python3 models/training/scripts/evaluate.py [--models NAME ...] [--write-readme]

Per model: style-statistics distance to the style image as a cut vs the unstylised content,
luminance SSIM to the content, the flow-warping error of consecutive stylized frames of tree.avi as a
ratio to the input frames' own warping error, the two-styles check, and the 1280x720 CPU time.
Writes models/eval/results.json, models/eval/contact_<mode>.png, models/eval/curves_<run>.png and,
with --write-readme, the generated block of models/README.md (between the EVAL markers). The measures
are those of evaluation/ (style_cut.py, temporal.py, measures.py), the models those of
evaluation/candidates.py.
"""
import argparse
import json
import os
import shutil
import sys
import time
from typing import Dict, List, Sequence, Tuple

import cv2
import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # models/training, run as a script

from data import clips  # noqa: E402
from data.dataset import content_dir, load_holdout, read_rgb, style_dir, to_tensor  # noqa: E402
from evaluation import measures  # noqa: E402
from evaluation.candidates import MODELS  # noqa: E402
from evaluation.measures import luminance, ssim  # noqa: E402
from evaluation.report import GRAPHIC_STYLE, write_readme_block  # noqa: E402
from evaluation.style_cut import (MIN_OWN_STYLE_CLOSER, MIN_STYLE_DIFFERENCE, colour_transfer, style_cuts,  # noqa: E402
                                  style_distances, two_styles_check)
from evaluation.temporal import clip_flows, frame_contrast, warping_error  # noqa: E402
from losses.darknet_tiny import DARKNET_DIR, DarknetTiny  # noqa: E402
from networks.ccpl_official import CCPLNet  # noqa: E402
from networks.light_net import LightNet  # noqa: E402
from paths import MODELS_DIR, RUNS_DIR, SHARED_DATA  # noqa: E402

EVAL_DIR = os.path.join(MODELS_DIR, 'eval')
EVAL_SHORT_SIDE = 256


def load_net(weights_path: str):
    """(net in eval mode, training iterations it got)."""
    state = torch.load(weights_path, map_location='cpu')
    net = LightNet(state['net_config'])
    net.load_state_dict(state['net'])
    return net.eval(), state['iteration']


def stylize(net, content: torch.Tensor, style: torch.Tensor) -> torch.Tensor:
    with torch.no_grad():
        return net(content, style).clamp(0, 1)


def load_clips(contents: Dict[str, torch.Tensor]) -> Dict[str, Tuple[List[np.ndarray], list]]:
    """name -> (frames, clip_flows) of the temporal test clips (clips.py). The still-photo clip uses the
    last held-out photo, with a disc of the first one as its sprite."""
    photos = [c[0].permute(1, 2, 0).numpy() for c in contents.values()]
    frames = {
        'tree': clips.read_clip('tree.avi'),
        'vtest': clips.read_clip('vtest.avi', scale=0.5),
        'megamind': clips.read_clip('Megamind.avi', skip=1, scale=0.5),
        'still-photo': clips.still_photo_clip(photos[-1], photos[0]),
    }
    return {name: (f, clip_flows(f)) for name, f in frames.items()}


def rgb_array(image: torch.Tensor) -> np.ndarray:
    """[1,3,H,W] tensor -> float HxWx3 array."""
    return image[0].permute(1, 2, 0).numpy()


def stylize_clip(net, frames: Sequence[np.ndarray], style: torch.Tensor) -> List[np.ndarray]:
    """Frames stylized one by one, as the engine does (8-bit input)."""
    return [rgb_array(stylize(net, to_tensor((f * 255).round().astype(np.uint8))[None], style)) for f in frames]


def evaluate_model(net, loss_net: DarknetTiny, contents: Dict[str, torch.Tensor], styles: Dict[str, torch.Tensor],
                   clip_set: Dict[str, Tuple[List[np.ndarray], list]],
                   clip_styles: Dict[str, torch.Tensor]) -> Dict[str, object]:
    """Every measure of one model. clip_styles: name -> style image; GRAPHIC_STYLE is reported apart
    from the paintings."""
    distances, baseline_distances, content_distances, ssims, structures, grids = [], [], [], [], [], []
    difference_scores, closer_scores = [], []
    patch_distances = measures.PairDistances()
    grid = {}
    for content_name, content in contents.items():
        outputs = {}
        for style_name, style in styles.items():
            output = stylize(net, content, style)
            baseline = colour_transfer(content, style)
            outputs[style_name] = output
            grid[(content_name, style_name)] = output
            distances.append(style_distances(loss_net, output, style))
            baseline_distances.append(style_distances(loss_net, baseline, style))
            content_distances.append(style_distances(loss_net, content, style))
            output_rgb, content_rgb = rgb_array(output), rgb_array(content)
            ssims.append(ssim(luminance(output_rgb), luminance(content_rgb)))
            structures.append(measures.ssim_structure(luminance(output_rgb), luminance(content_rgb)))
            grids.append(measures.grid_spike_ratio(output_rgb))
            patch_distances.add(output_rgb, content_rgb, rgb_array(baseline), rgb_array(style))
        difference, closer = two_styles_check(content, outputs, styles, loss_net)
        difference_scores.append(difference)
        closer_scores.append(closer)
    warping, normalised_warping = {}, {}
    for clip_name, (frames, flows) in clip_set.items():
        input_error = warping_error(frames, flows)
        warping[clip_name], normalised_warping[clip_name] = {}, {}
        for style_name, style in clip_styles.items():
            outputs = stylize_clip(net, frames, style)
            ratio = warping_error(outputs, flows) / input_error
            warping[clip_name][style_name] = ratio
            normalised_warping[clip_name][style_name] = ratio * frame_contrast(frames) / frame_contrast(outputs)
    paintings = [name for name in clip_styles if name != GRAPHIC_STYLE]
    difference, closer = float(np.mean(difference_scores)), float(np.mean(closer_scores))
    cut, raw_cut = style_cuts(distances, content_distances)
    baseline_cut, baseline_raw_cut = style_cuts(baseline_distances, content_distances)
    return {
        'style_cut': cut,
        'raw_style_cut': raw_cut,
        'baseline_style_cut': baseline_cut,
        'baseline_raw_style_cut': baseline_raw_cut,
        'ssim': float(np.mean(ssims)),
        'warping_ratio': float(np.mean([warping['tree'][name] for name in paintings])),
        'two_styles_difference': difference,
        'two_styles_own_closer': closer,
        'two_styles_pass': difference >= MIN_STYLE_DIFFERENCE and closer >= MIN_OWN_STYLE_CLOSER,
        'structure': float(np.mean(structures)),
        'grid_ratio': float(np.mean(grids)),
        'grid_ratio_max': float(np.max(grids)),
        'swd_cut_with_mean': patch_distances.cut('swd_with_mean'),
        'swd_cut_without_mean': patch_distances.cut('swd_without_mean'),
        'baseline_swd_cut_with_mean': patch_distances.cut('swd_with_mean', 'baseline'),
        'baseline_swd_cut_without_mean': patch_distances.cut('swd_without_mean', 'baseline'),
        'texture_moved': patch_distances.cut('texture'),
        'colour_moved': patch_distances.cut('colour'),
        'baseline_colour_moved': patch_distances.cut('colour', 'baseline'),
        'warping': warping,
        'warping_contrast_normalised': normalised_warping,
        'grid': grid,
    }


def seconds_per_720p_frame(net, repeats: int = 3) -> float:
    """Stylizer path (encode + SCT + decode + refine, style statistics precomputed) at 1280x720, PyTorch CPU,
    1 thread."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    content, style = torch.rand(1, 3, 720, 1280), torch.rand(1, 3, 256, 256)
    with torch.no_grad():
        style_feat, _ = net.encode(style)
        cov, mean = net.sct.style_statistics(style_feat)
        def run():
            feat, skips = net.encode(content)
            c_mean, c_std = net.sct.content_statistics(feat)
            stylized = net.decode(net.sct.transfer(feat, c_mean, c_std, cov, mean), skips)
            refine = getattr(net, 'refine', None)
            return stylized if refine is None else refine(stylized.clamp(0, 1), content)
        run()
        start = time.time()
        for _ in range(repeats):
            run()
    torch.set_num_threads(threads)
    return (time.time() - start) / repeats


def contact_sheet(grid, contents, styles, path: str, cell: int = 112) -> None:
    """Top row: styles; left column: contents; cells: outputs (centre squares)."""
    def square(t: torch.Tensor) -> np.ndarray:
        image = (t[0].permute(1, 2, 0).numpy() * 255).round().astype(np.uint8)
        h, w = image.shape[:2]
        side = min(h, w)
        y, x = (h - side) // 2, (w - side) // 2
        return cv2.resize(image[y:y + side, x:x + side], (cell, cell), interpolation=cv2.INTER_AREA)
    rows = [[np.full((cell, cell, 3), 255, np.uint8)] + [square(s) for s in styles.values()]]
    for content_name, content in contents.items():
        rows.append([square(content)] + [square(grid[(content_name, s)]) for s in styles])
    sheet = np.concatenate([np.concatenate(row, axis=1) for row in rows], axis=0)
    temp = path + '.tmp.png'
    cv2.imwrite(temp, cv2.cvtColor(sheet, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_PNG_COMPRESSION, 9])
    os.replace(temp, path)


def load_eval_images(multiple: int, data_dir: str = SHARED_DATA):
    holdout = load_holdout(data_dir)
    contents = {n: to_tensor(clips.fit_multiple(read_rgb(os.path.join(content_dir(data_dir), n), EVAL_SHORT_SIDE),
                                                multiple))[None]
                for n in holdout['content']}
    styles = {n: to_tensor(read_rgb(os.path.join(style_dir(data_dir), n), EVAL_SHORT_SIDE))[None]
              for n in holdout['styles']}
    return contents, styles


def time_only(names: Sequence[str], results_path: str, write_readme: bool) -> None:
    """Times CCPL-VGG and then each model in one process, so the speed ratios share one machine state,
    and writes those seconds into the models' existing results."""
    results = json.load(open(results_path))
    vgg = seconds_per_720p_frame(CCPLNet('art', ceil_mode=False).eval(), repeats=1)
    results['ccpl-vgg-art'] = {'seconds_per_720p_frame_1thread': vgg}
    print(f'ccpl-vgg-art {vgg:.2f} s per 1280x720 frame', flush=True)
    for name in names:
        net, _ = load_net(os.path.join(MODELS_DIR, MODELS[name][0]))
        seconds = seconds_per_720p_frame(net)
        results[name]['seconds_per_720p_frame_1thread'] = seconds
        print(f'{name} {seconds:.2f} s per 1280x720 frame, {vgg / seconds:.1f}x faster than CCPL-VGG', flush=True)
    temp = f'{results_path}.{os.getpid()}.tmp'
    with open(temp, 'w') as handle:
        json.dump(results, handle, indent=2)
    os.replace(temp, results_path)
    if write_readme:
        write_readme_block(results)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--models', nargs='*', default=list(MODELS), help='names from MODELS')
    parser.add_argument('--write-readme', action='store_true')
    parser.add_argument('--threads', type=int, default=1)
    parser.add_argument('--vgg-speed', action='store_true',
                        help='also time the official-size CCPL-VGG art stylizer (random weights) at 1280x720')
    parser.add_argument('--candidate', action='append', default=[], metavar='NAME=WEIGHTS',
                        help='also evaluate a weights file (train.py snapshot) under NAME')
    parser.add_argument('--data', default=SHARED_DATA, help='folder with content/ and styles/ (see models/README.md)')
    parser.add_argument('--loss-net', default=DARKNET_DIR, help='the Darknet-tiny tfjs folder (see models/README.md)')
    parser.add_argument('--speed-only', action='store_true',
                        help='only time the models and CCPL-VGG in this one process (on a quiet machine) and '
                             'update those figures of results.json')
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    os.makedirs(EVAL_DIR, exist_ok=True)
    results_path = os.path.join(EVAL_DIR, 'results.json')
    if args.speed_only:
        time_only(args.models, results_path, args.write_readme)
        return
    loss_net = DarknetTiny(args.loss_net)
    contents, styles = load_eval_images(8, args.data)
    clip_set = load_clips(contents)
    clip_styles = {name: styles[name] for name in list(styles)[:2]}
    clip_styles[GRAPHIC_STYLE] = to_tensor((clips.graphic_style() * 255).round().astype(np.uint8))[None]
    results = {}
    weights_files = {name: os.path.join(MODELS_DIR, MODELS[name][0]) for name in args.models}
    weights_files.update(candidate.split('=', 1) for candidate in args.candidate)
    for name, weights in weights_files.items():
        net, iterations = load_net(weights)
        metrics = evaluate_model(net, loss_net, contents, styles, clip_set, clip_styles)
        grid = metrics.pop('grid')
        metrics['seconds_per_720p_frame_1thread'] = seconds_per_720p_frame(net)
        metrics['parameters'] = sum(p.numel() for p in net.parameters())
        metrics['style_iterations'] = iterations
        results[name] = metrics
        contact_sheet(grid, contents, styles, os.path.join(EVAL_DIR, f'contact_{name}.png'))
        print(name, json.dumps({k: (round(v, 4) if isinstance(v, float) else v) for k, v in metrics.items()}), flush=True)
    if args.vgg_speed:
        seconds = seconds_per_720p_frame(CCPLNet('art', ceil_mode=False).eval(), repeats=1)
        results['ccpl-vgg-art'] = {'seconds_per_720p_frame_1thread': seconds}
        print(f'ccpl-vgg-art {seconds:.2f} s per 1280x720 frame', flush=True)
    # Merge into what other invocations (other models) wrote meanwhile.
    merged = json.load(open(results_path)) if os.path.exists(results_path) else {}
    merged.update(results)
    results = merged
    temp = f'{results_path}.{os.getpid()}.tmp'
    with open(temp, 'w') as handle:
        json.dump(results, handle, indent=2)
    os.replace(temp, results_path)
    for run in os.listdir(RUNS_DIR) if os.path.isdir(RUNS_DIR) else []:
        curves = os.path.join(RUNS_DIR, run, 'curves.png')
        if os.path.exists(curves):
            shutil.copyfile(curves, os.path.join(EVAL_DIR, f'curves_{run}.png'))
    if args.write_readme:
        write_readme_block(results)


if __name__ == '__main__':
    main()
