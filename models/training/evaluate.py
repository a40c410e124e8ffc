"""Evidence for the shipped light modes, on the held-out split (holdout.json) only.

    python3 models/training/evaluate.py [--write-readme]

Per model: style-statistics distance to the style image as a cut vs the unstylised content,
luminance SSIM to the content, the flow-warping error of consecutive stylized frames of tree.avi as a
ratio to the input frames' own warping error, the two-styles check, and the 1280x720 CPU time.
Writes models/eval/results.json, models/eval/contact_<mode>.png, models/eval/curves_<run>.png and,
with --write-readme, the generated block of models/README.md (between the EVAL markers).

Style statistics are measured with the frozen Darknet-tiny (the only ImageNet network here, also the
training loss network): per-channel mean/std MSE at five taps (1/1 .. 1/16). The headline "style
cut" is scale-balanced: per tap, 1 - (distance of the outputs) / (distance of the unstylised
contents), summed over all held-out pairs, then averaged over the taps. The plain sum over taps
("raw cut") is reported too; it is dominated by the 1/2 tap, i.e. mostly by colour.
"""
import argparse
import json
import os
import shutil
import sys
import time
from typing import Dict, List, Sequence

import cv2
import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from darknet_tiny import DarknetTiny  # noqa: E402
from data import CONTENT_DIR, STYLE_DIR, load_holdout, read_rgb, to_tensor  # noqa: E402
from light_net import LightNet  # noqa: E402
import losses  # noqa: E402

MODELS_DIR = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
EVAL_DIR = os.path.join(MODELS_DIR, 'eval')
TREE_CLIP = '/usr/share/doc/opencv-doc/examples/data/tree.avi'
STYLE_TAPS = ['leaky_re_lu_1', 'leaky_re_lu_2', 'leaky_re_lu_4', 'leaky_re_lu_8', 'leaky_re_lu_12']
EVAL_SHORT_SIDE = 256
CLIP_FRAMES = 40
# Two outputs of one content count as "clearly different" above this mean absolute RGB difference.
MIN_STYLE_DIFFERENCE = 0.03
MIN_OWN_STYLE_CLOSER = 0.75

# name -> (weights file under models/, shipped mode id or None for an ablation-only model)
MODELS = {
    'artistic': ('artistic/weights.pt', 'artistic'),
    'artistic-no-ccpl': ('training/ablation/artistic-no-ccpl.pt', None),
    'artistic-soft': ('artistic-soft/weights.pt', 'artistic-soft'),
    'photorealistic': ('photorealistic/weights.pt', 'photorealistic'),
}


# ---------------------------------------------------------------- metrics

def luminance(rgb: np.ndarray) -> np.ndarray:
    """float HxWx3 in [0,1] -> Rec.601 luma."""
    return rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    """Mean SSIM of two single-channel float images in [0,1] (Gaussian 11x11, sigma 1.5)."""
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    blur = lambda x: cv2.GaussianBlur(x, (11, 11), 1.5)  # noqa: E731
    a, b = a.astype(np.float64), b.astype(np.float64)
    mu_a, mu_b = blur(a), blur(b)
    var_a = blur(a * a) - mu_a ** 2
    var_b = blur(b * b) - mu_b ** 2
    cov = blur(a * b) - mu_a * mu_b
    index = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / ((mu_a ** 2 + mu_b ** 2 + c1) * (var_a + var_b + c2))
    return float(index.mean())


def style_distances(loss_net: DarknetTiny, image: torch.Tensor, style: torch.Tensor) -> np.ndarray:
    """AdaIN (mean/std MSE) distance per tap."""
    with torch.no_grad():
        return np.array([float(losses.adain_style_loss([a], [b])) for a, b in
                         zip(loss_net.features(image, STYLE_TAPS), loss_net.features(style, STYLE_TAPS))])


def style_cuts(distances: Sequence[np.ndarray], content_distances: Sequence[np.ndarray]):
    """(scale-balanced cut, raw cut) of a set of pairs against the unstylised contents."""
    total, reference = np.sum(distances, axis=0), np.sum(content_distances, axis=0)
    return float(1 - np.mean(total / reference)), float(1 - total.sum() / reference.sum())


def colour_transfer(content: torch.Tensor, style: torch.Tensor) -> torch.Tensor:
    """The plain baseline: per-channel RGB mean/std of the content matched to the style's."""
    c_mean, c_std = losses.mean_std(content)
    s_mean, s_std = losses.mean_std(style)
    return ((content - c_mean) / c_std * s_std + s_mean).clamp(0, 1)


def dis_flow(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    flow = cv2.DISOpticalFlow_create(cv2.DISOPTICAL_FLOW_PRESET_MEDIUM)
    return flow.calc(a, b, None)


def warp(image: np.ndarray, flow: np.ndarray) -> np.ndarray:
    """image sampled at x + flow(x) (bilinear)."""
    h, w = flow.shape[:2]
    grid_x, grid_y = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    return cv2.remap(image, grid_x + flow[..., 0], grid_y + flow[..., 1], cv2.INTER_LINEAR,
                     borderMode=cv2.BORDER_REPLICATE)


def valid_flow_mask(forward: np.ndarray, backward: np.ndarray) -> np.ndarray:
    """Pixels whose forward flow lands in the frame and is undone by the backward flow there
    (forward-backward consistency, Sundaram et al. / Ruder et al.); the rest are occluded."""
    h, w = forward.shape[:2]
    back_at_target = warp(backward, forward)
    mismatch = ((forward + back_at_target) ** 2).sum(axis=2)
    magnitude = (forward ** 2).sum(axis=2) + (back_at_target ** 2).sum(axis=2)
    grid_x, grid_y = np.meshgrid(np.arange(w), np.arange(h))
    inside = ((grid_x + forward[..., 0] >= 0) & (grid_x + forward[..., 0] <= w - 1)
              & (grid_y + forward[..., 1] >= 0) & (grid_y + forward[..., 1] <= h - 1))
    return inside & (mismatch <= 0.01 * magnitude + 0.5)


def warping_errors(inputs: Sequence[np.ndarray], outputs: Sequence[np.ndarray]):
    """Summed masked squared error of frame t against frame t+1 warped back by the input frames' flow,
    for the input frames and for the outputs (float HxWx3 in [0,1]); returns (input_error, output_error)."""
    input_error = output_error = 0.0
    for t in range(len(inputs) - 1):
        gray_a = cv2.cvtColor((inputs[t] * 255).astype(np.uint8), cv2.COLOR_RGB2GRAY)
        gray_b = cv2.cvtColor((inputs[t + 1] * 255).astype(np.uint8), cv2.COLOR_RGB2GRAY)
        forward, backward = dis_flow(gray_a, gray_b), dis_flow(gray_b, gray_a)
        mask = valid_flow_mask(forward, backward)
        if not mask.any():
            continue
        for frames, is_input in ((inputs, True), (outputs, False)):
            error = ((frames[t] - warp(frames[t + 1], forward)) ** 2).mean(axis=2)[mask].mean()
            if is_input:
                input_error += error
            else:
                output_error += error
    return input_error, output_error


def two_styles_check(content: torch.Tensor, outputs: Dict[str, torch.Tensor], styles: Dict[str, torch.Tensor],
                     loss_net: DarknetTiny):
    """For one content stylized with each style: the mean absolute difference between outputs of two
    different styles, and how often an output is closer to its own style than to the other one
    (scale-balanced style distance, relative to the content's). A style-blind model gives ~0 and 0.5."""
    names = list(outputs)
    reference = {name: style_distances(loss_net, content, styles[name]) for name in names}
    relative = {(a, b): float(np.mean(style_distances(loss_net, outputs[a], styles[b]) / reference[b]))
                for a in names for b in names}
    differences, closer = [], []
    for a in names:
        for b in names:
            if a == b:
                continue
            differences.append(float((outputs[a] - outputs[b]).abs().mean()))
            closer.append(relative[(a, a)] < relative[(a, b)])
    return float(np.mean(differences)), float(np.mean(closer))


# ---------------------------------------------------------------- running a model

def load_net(weights_path: str) -> LightNet:
    state = torch.load(weights_path, map_location='cpu')
    net = LightNet(state['net_config'])
    net.load_state_dict(state['net'])
    return net.eval()


def stylize(net, content: torch.Tensor, style: torch.Tensor) -> torch.Tensor:
    with torch.no_grad():
        return net(content, style).clamp(0, 1)


def fit_multiple(image: np.ndarray, multiple: int) -> np.ndarray:
    h, w = image.shape[:2]
    return image[:h - h % multiple, :w - w % multiple]


def load_clip(frames: int) -> List[np.ndarray]:
    capture = cv2.VideoCapture(TREE_CLIP)
    result = []
    while len(result) < frames:
        ok, frame = capture.read()
        if not ok:
            break
        result.append(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB).astype(np.float32) / 255.0)
    if len(result) < 2:
        raise FileNotFoundError(f'cannot read frames of {TREE_CLIP} (install opencv-doc)')
    return result


def evaluate_model(net, loss_net: DarknetTiny, contents: Dict[str, torch.Tensor], styles: Dict[str, torch.Tensor],
                   clip: List[np.ndarray], clip_styles: Sequence[str]) -> Dict[str, object]:
    distances, baseline_distances, content_distances, ssims = [], [], [], []
    difference_scores, closer_scores = [], []
    grid = {}
    for content_name, content in contents.items():
        outputs = {}
        for style_name, style in styles.items():
            output = stylize(net, content, style)
            outputs[style_name] = output
            grid[(content_name, style_name)] = output
            distances.append(style_distances(loss_net, output, style))
            baseline_distances.append(style_distances(loss_net, colour_transfer(content, style), style))
            content_distances.append(style_distances(loss_net, content, style))
            ssims.append(ssim(luminance(output[0].permute(1, 2, 0).numpy()), luminance(content[0].permute(1, 2, 0).numpy())))
        difference, closer = two_styles_check(content, outputs, styles, loss_net)
        difference_scores.append(difference)
        closer_scores.append(closer)
    ratios = []
    for style_name in clip_styles:
        outputs = [stylize(net, to_tensor((f * 255).round().astype(np.uint8))[None], styles[style_name])[0]
                   .permute(1, 2, 0).numpy() for f in clip]
        input_error, output_error = warping_errors(clip, outputs)
        ratios.append(output_error / input_error)
    difference, closer = float(np.mean(difference_scores)), float(np.mean(closer_scores))
    cut, raw_cut = style_cuts(distances, content_distances)
    baseline_cut, baseline_raw_cut = style_cuts(baseline_distances, content_distances)
    return {
        'style_cut': cut,
        'raw_style_cut': raw_cut,
        'baseline_style_cut': baseline_cut,
        'baseline_raw_style_cut': baseline_raw_cut,
        'ssim': float(np.mean(ssims)),
        'warping_ratio': float(np.mean(ratios)),
        'two_styles_difference': difference,
        'two_styles_own_closer': closer,
        'two_styles_pass': difference >= MIN_STYLE_DIFFERENCE and closer >= MIN_OWN_STYLE_CLOSER,
        'grid': grid,
    }


def seconds_per_720p_frame(net) -> float:
    """Stylizer path (encode + SCT + decode, style statistics precomputed) at 1280x720, PyTorch CPU, 1 thread."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    content, style = torch.rand(1, 3, 720, 1280), torch.rand(1, 3, 256, 256)
    with torch.no_grad():
        style_feat, _ = net.encode(style)
        cov, mean = net.sct.style_statistics(style_feat)
        def run():
            feat, skips = net.encode(content)
            c_mean, c_std = net.sct.content_statistics(feat)
            return net.decode(net.sct.transfer(feat, c_mean, c_std, cov, mean), skips)
        run()
        start = time.time()
        for _ in range(3):
            run()
    torch.set_num_threads(threads)
    return (time.time() - start) / 3


def contact_sheet(grid, contents, styles, path: str, cell: int = 144) -> None:
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
    cv2.imwrite(temp, cv2.cvtColor(sheet, cv2.COLOR_RGB2BGR))
    os.replace(temp, path)


def load_eval_images(multiple: int):
    holdout = load_holdout()
    contents = {n: to_tensor(fit_multiple(read_rgb(os.path.join(CONTENT_DIR, n), EVAL_SHORT_SIDE), multiple))[None]
                for n in holdout['content']}
    styles = {n: to_tensor(read_rgb(os.path.join(STYLE_DIR, n), EVAL_SHORT_SIDE))[None] for n in holdout['styles']}
    return contents, styles


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--models', nargs='*', default=list(MODELS), help='names from MODELS')
    parser.add_argument('--write-readme', action='store_true')
    parser.add_argument('--threads', type=int, default=1)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    os.makedirs(EVAL_DIR, exist_ok=True)
    loss_net = DarknetTiny()
    contents, styles = load_eval_images(8)
    clip = [fit_multiple(f, 8) for f in load_clip(CLIP_FRAMES)]
    clip_styles = list(styles)[:2]
    results_path = os.path.join(EVAL_DIR, 'results.json')
    results = json.load(open(results_path)) if os.path.exists(results_path) else {}
    for name in args.models:
        weights, mode_id = MODELS[name]
        net = load_net(os.path.join(MODELS_DIR, weights))
        metrics = evaluate_model(net, loss_net, contents, styles, clip, clip_styles)
        grid = metrics.pop('grid')
        metrics['seconds_per_720p_frame_1thread'] = seconds_per_720p_frame(net)
        metrics['parameters'] = sum(p.numel() for p in net.parameters())
        results[name] = metrics
        contact_sheet(grid, contents, styles, os.path.join(EVAL_DIR, f'contact_{name}.png'))
        print(name, json.dumps({k: (round(v, 4) if isinstance(v, float) else v) for k, v in metrics.items()}), flush=True)
    with open(results_path + '.tmp', 'w') as handle:
        json.dump(results, handle, indent=2)
    os.replace(results_path + '.tmp', results_path)


if __name__ == '__main__':
    main()
