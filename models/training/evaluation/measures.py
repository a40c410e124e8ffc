"""Image measures of evaluate.py that no model was trained on (pixels only, no loss network).

All take float HxWx3 RGB arrays in [0,1].

- ssim: mean luminance SSIM (Wang et al. 2004).
- ssim_structure: the structure term of SSIM, (s_xy + C2/2) / (s_x s_y + C2/2), blind to brightness
  and contrast, so a colour grade keeps it at 1.
- Patch distributions compared by the sliced Wasserstein distance (random projections, sorted):
  with each patch's mean colour (colour and texture), without it (texture and contrast), and
  "texture" proper: without the mean and with each channel divided by the image's own std, so a
  per-channel mean/std grade moves it by exactly 0.
- grid_spike_ratio: energy of the high-passed luma's column and row means at multiples of 1/8
  cycle/px over the median of the neighbouring frequencies (a grid fixed to the network's 8 px step).
- local_grid_ratio: the same over tiles, a high percentile of them: a grid on a flat sky shows to
  the eye even when the rest of the frame dilutes the whole-frame score.
"""
from typing import Sequence

import cv2
import numpy as np

SSIM_C1, SSIM_C2 = 0.01 ** 2, 0.03 ** 2
GRID_PERIOD = 8
GRID_HIGH_PASS_SIGMA = 3.0
# Neighbouring bins on each side of a spike (the adjacent bin is skipped: a spike leaks into it when
# the length is not a multiple of the period).
GRID_NEIGHBOURS = 6
GRID_TILE = 128
GRID_TILE_PERCENTILE = 90
PATCH_SIZE = 5
SWD_SCALES = (1, 2, 4)
SWD_PATCHES = 2048
SWD_PROJECTIONS = 64
SWD_SEED = 1234


def luminance(rgb: np.ndarray) -> np.ndarray:
    """Rec.601 luma."""
    return rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114


def _blur(x: np.ndarray) -> np.ndarray:
    return cv2.GaussianBlur(x, (11, 11), 1.5)


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    """Mean SSIM of two single-channel images in [0,1] (Gaussian 11x11 window, sigma 1.5)."""
    a, b = a.astype(np.float64), b.astype(np.float64)
    mu_a, mu_b = _blur(a), _blur(b)
    var_a = _blur(a * a) - mu_a ** 2
    var_b = _blur(b * b) - mu_b ** 2
    cov = _blur(a * b) - mu_a * mu_b
    index = (((2 * mu_a * mu_b + SSIM_C1) * (2 * cov + SSIM_C2))
             / ((mu_a ** 2 + mu_b ** 2 + SSIM_C1) * (var_a + var_b + SSIM_C2)))
    return float(index.mean())


def ssim_structure(a: np.ndarray, b: np.ndarray) -> float:
    """Mean SSIM structure term of two single-channel images (Gaussian 11x11 window, sigma 1.5)."""
    a, b = a.astype(np.float64), b.astype(np.float64)
    mu_a, mu_b = _blur(a), _blur(b)
    var_a = np.maximum(_blur(a * a) - mu_a ** 2, 0)
    var_b = np.maximum(_blur(b * b) - mu_b ** 2, 0)
    cov = _blur(a * b) - mu_a * mu_b
    c3 = SSIM_C2 / 2
    return float(((cov + c3) / (np.sqrt(var_a * var_b) + c3)).mean())


def grid_spike_ratio(rgb: np.ndarray, period: int = GRID_PERIOD) -> float:
    """Summed power at k/period cycles/px (k = 1 .. period/2) of the column-mean and row-mean profiles of
    the high-passed luma (luma minus its Gaussian blur, sigma 3), over the summed medians of the
    GRID_NEIGHBOURS bins each side of each spike. About 1-2 for photographs; a visible grid is 10+."""
    luma = luminance(rgb).astype(np.float64)
    high = luma - cv2.GaussianBlur(luma, (0, 0), GRID_HIGH_PASS_SIGMA)
    spikes = neighbours = 0.0
    for profile in (high.mean(axis=0), high.mean(axis=1)):
        power = np.abs(np.fft.rfft(profile - profile.mean())) ** 2
        for k in range(1, period // 2 + 1):
            spike = round(len(profile) * k / period)
            around = [i for i in range(spike - GRID_NEIGHBOURS, spike + GRID_NEIGHBOURS + 1)
                      if 1 < abs(i - spike) and 0 < i < len(power)]
            spikes += power[spike]
            neighbours += np.median(power[around])
    return float(spikes / max(neighbours, 1e-20))


def local_grid_ratio(rgb: np.ndarray, tile: int = GRID_TILE, percentile: float = GRID_TILE_PERCENTILE) -> float:
    """grid_spike_ratio of each whole tile×tile tile of the image, at the given percentile of the tiles
    (photographs: about 4 at 128 px, 90th percentile)."""
    height, width = rgb.shape[:2]
    if height < tile or width < tile:
        raise ValueError(f'local_grid_ratio needs at least {tile}×{tile} pixels, got {width}×{height}')
    scores = [grid_spike_ratio(rgb[y:y + tile, x:x + tile])
              for y in range(0, height - tile + 1, tile) for x in range(0, width - tile + 1, tile)]
    return float(np.percentile(scores, percentile))


def patches(rgb: np.ndarray, scale: int = 1, size: int = PATCH_SIZE, count: int = SWD_PATCHES,
            remove_mean: bool = False, normalise_std: bool = False, seed: int = SWD_SEED) -> np.ndarray:
    """[count, size*size*3] patches at a seeded set of positions of the image downscaled by `scale`
    (area). remove_mean subtracts each patch's mean colour; normalise_std first divides each channel by
    the image's own std."""
    image = rgb.astype(np.float32)
    if scale > 1:
        h, w = image.shape[:2]
        image = cv2.resize(image, (w // scale, h // scale), interpolation=cv2.INTER_AREA)
    if normalise_std:
        image = image / np.maximum(image.reshape(-1, 3).std(axis=0), 1e-3)
    h, w = image.shape[:2]
    rng = np.random.default_rng(seed)
    ys, xs = rng.integers(0, h - size + 1, count), rng.integers(0, w - size + 1, count)
    offsets = np.arange(size)
    rows = ys[:, None, None] + offsets[None, :, None]
    cols = xs[:, None, None] + offsets[None, None, :]
    result = image[rows, cols].reshape(count, size * size, 3)
    if remove_mean:
        result = result - result.mean(axis=1, keepdims=True)
    return result.reshape(count, -1)


def sliced_wasserstein(a: np.ndarray, b: np.ndarray, projections: int = SWD_PROJECTIONS,
                       seed: int = SWD_SEED) -> float:
    """Sliced 2-Wasserstein distance between two equal-size point sets [n, d] (seeded directions)."""
    directions = np.random.default_rng(seed).normal(size=(a.shape[1], projections))
    directions /= np.linalg.norm(directions, axis=0, keepdims=True)
    pa, pb = np.sort(a @ directions, axis=0), np.sort(b @ directions, axis=0)
    return float(np.sqrt(((pa - pb) ** 2).mean()))


def patch_distance(image: np.ndarray, style: np.ndarray, scale: int, **options) -> float:
    return sliced_wasserstein(patches(image, scale, **options), patches(style, scale, **options))


def moved(distances: Sequence[float], content_distances: Sequence[float]) -> float:
    """How far a set of outputs moved from their contents towards their targets, summed over pairs:
    0 = where the contents were, 1 = at the target, negative = further away."""
    return float(1 - np.sum(distances) / np.sum(content_distances))


class PairDistances:
    """Per-pair distances to the style of output, content and the colour-transfer baseline, collected
    for the cuts evaluate.py reports."""

    KINDS = {
        # name: (scales, patch size, remove_mean, normalise_std)
        'swd_with_mean': (SWD_SCALES, PATCH_SIZE, False, False),
        'swd_without_mean': (SWD_SCALES, PATCH_SIZE, True, False),
        'texture': ((1, 2), PATCH_SIZE, True, True),
        'colour': ((1,), 1, False, False),
    }

    def __init__(self):
        self.values = {kind: {role: [] for role in ('output', 'content', 'baseline')} for kind in self.KINDS}

    def add(self, output: np.ndarray, content: np.ndarray, baseline: np.ndarray, style: np.ndarray) -> None:
        for kind, (scales, size, remove_mean, normalise_std) in self.KINDS.items():
            for role, image in (('output', output), ('content', content), ('baseline', baseline)):
                self.values[kind][role].append([
                    patch_distance(image, style, scale, size=size, remove_mean=remove_mean,
                                   normalise_std=normalise_std) for scale in scales])

    def cut(self, kind: str, role: str = 'output') -> float:
        """moved() per scale, averaged over the scales."""
        distances = np.array(self.values[kind][role])
        reference = np.array(self.values[kind]['content'])
        return float(np.mean([moved(distances[:, s], reference[:, s]) for s in range(distances.shape[1])]))
