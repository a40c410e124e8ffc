"""Sanity of the evaluation metrics and of the gates in the generated README block."""
import os

import numpy as np
import pytest
import torch

from evaluation import report, style_cut
from evaluation.measures import ssim
from evaluation.temporal import warping_errors
from losses.darknet_tiny import DARKNET_DIR, DarknetTiny


def test_ssim_of_an_image_with_itself_is_one_and_drops_with_noise():
    rng = np.random.default_rng(0)
    image = rng.random((64, 64)).astype(np.float32)
    assert ssim(image, image) == pytest.approx(1.0, abs=1e-9)
    noisy = np.clip(image + rng.normal(0, 0.2, image.shape), 0, 1).astype(np.float32)
    assert ssim(image, noisy) < 0.9


def moving_clip(shift_per_frame):
    rng = np.random.default_rng(1)
    texture = cv2_blur(rng.random((80, 120, 3)).astype(np.float32))
    return [np.roll(texture, shift_per_frame * t, axis=1)[:, 10:110] for t in range(4)]


def cv2_blur(image):
    import cv2
    return cv2.GaussianBlur(image, (0, 0), 2)


def test_warping_error_of_a_static_clip_is_about_zero():
    frames = moving_clip(0)
    input_error, output_error = warping_errors(frames, frames)
    assert input_error < 1e-6 and output_error < 1e-6


def test_flicker_raises_the_warping_error_of_a_moving_clip():
    frames = moving_clip(2)
    steady_in, steady_out = warping_errors(frames, frames)
    flicker = [np.clip(f + (0.2 if t % 2 else -0.2), 0, 1) for t, f in enumerate(frames)]
    _, flicker_out = warping_errors(frames, flicker)
    assert steady_out == pytest.approx(steady_in)
    assert flicker_out > 10 * steady_in


@pytest.mark.skipif(not os.path.isdir(DARKNET_DIR), reason='../shared/data is not on this machine')
def test_two_styles_check_fails_a_style_blind_model_and_passes_a_style_aware_one():
    loss_net = DarknetTiny()
    generator = torch.Generator().manual_seed(0)
    content = torch.rand(1, 3, 64, 64, generator=generator) * 0.5 + 0.25
    stripes = torch.zeros(1, 3, 64, 64)
    stripes[:, 0, :, ::4] = 1.0
    styles = {'red stripes': stripes, 'blue noise': torch.rand(1, 3, 64, 64, generator=generator) * torch.tensor([0.1, 0.2, 1.0]).view(1, 3, 1, 1),
              'grey': torch.full((1, 3, 64, 64), 0.5)}
    blind = {name: content for name in styles}
    difference, closer = style_cut.two_styles_check(content, blind, styles, loss_net)
    assert difference < style_cut.MIN_STYLE_DIFFERENCE and closer < style_cut.MIN_OWN_STYLE_CLOSER
    aware = {name: style_cut.colour_transfer(content, style) for name, style in styles.items()}
    difference, closer = style_cut.two_styles_check(content, aware, styles, loss_net)
    assert difference >= style_cut.MIN_STYLE_DIFFERENCE and closer >= style_cut.MIN_OWN_STYLE_CLOSER


def fake_metrics(**overrides):
    clip_ratios = {'painting a': 1.0, 'painting b': 1.2, report.GRAPHIC_STYLE: 1.5}
    metrics = {'style_cut': 0.6, 'raw_style_cut': 0.7, 'baseline_style_cut': 0.44, 'baseline_raw_style_cut': 0.68,
               'ssim': 0.6, 'warping_ratio': 0.5, 'two_styles_difference': 0.2, 'two_styles_own_closer': 0.9,
               'two_styles_pass': True, 'structure': 0.85, 'grid_ratio': 2.0, 'grid_ratio_max': 4.0,
               'swd_cut_with_mean': 0.7, 'swd_cut_without_mean': 0.3, 'baseline_swd_cut_with_mean': 0.75,
               'baseline_swd_cut_without_mean': 0.2, 'texture_moved': 0.2, 'colour_moved': 0.74,
               'baseline_colour_moved': 0.73, 'seconds_per_720p_frame_1thread': 1.0, 'parameters': 1,
               'style_iterations': 1,
               'warping': {clip: dict(clip_ratios) for clip in ('tree', 'vtest', 'megamind', 'still-photo')}}
    metrics['warping_contrast_normalised'] = metrics['warping']
    metrics.update(overrides)
    return metrics


def test_issue_10_gates_read_the_measures_of_each_mode():
    dark = {clip: {'painting a': 1.0, 'painting b': 1.2, report.GRAPHIC_STYLE: 1.5}
            for clip in ('tree', 'vtest', 'still-photo')}
    dark['megamind'] = {'painting a': 2.0, 'painting b': 2.0, report.GRAPHIC_STYLE: 5.0}
    results = {'artistic': fake_metrics(grid_ratio=9.0, warping=dark),
               'artistic-soft': fake_metrics(ssim=0.7, style_cut=0.55),
               'photorealistic': fake_metrics(structure=0.95, texture_moved=0.05, colour_moved=0.70)}
    text = report.results_markdown(results)
    gates = [line for line in text.splitlines() if 'the reference look' in line or 'SSIM +' in line or 'structure 0.95' in line]
    artistic, soft, photo = gates
    assert '**FAIL** (9.0)' in artistic and '**FAIL** (2.00)' in artistic and '**FAIL** (5.00)' in artistic
    assert 'pass SSIM +0.100' in soft and 'pass cut 5.0 points' in soft and 'pass (2.0)' in soft
    assert 'pass structure 0.950' in photo and 'pass texture 5.0%' in photo and '**FAIL** colour 70.0%' in photo
