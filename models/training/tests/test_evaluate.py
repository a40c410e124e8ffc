"""Sanity of the evaluation metrics."""
import os

import numpy as np
import pytest
import torch

import evaluate
from darknet_tiny import DARKNET_DIR


def test_ssim_of_an_image_with_itself_is_one_and_drops_with_noise():
    rng = np.random.default_rng(0)
    image = rng.random((64, 64)).astype(np.float32)
    assert evaluate.ssim(image, image) == pytest.approx(1.0, abs=1e-9)
    noisy = np.clip(image + rng.normal(0, 0.2, image.shape), 0, 1).astype(np.float32)
    assert evaluate.ssim(image, noisy) < 0.9


def moving_clip(shift_per_frame):
    rng = np.random.default_rng(1)
    texture = cv2_blur(rng.random((80, 120, 3)).astype(np.float32))
    return [np.roll(texture, shift_per_frame * t, axis=1)[:, 10:110] for t in range(4)]


def cv2_blur(image):
    import cv2
    return cv2.GaussianBlur(image, (0, 0), 2)


def test_warping_error_of_a_static_clip_is_about_zero():
    frames = moving_clip(0)
    input_error, output_error = evaluate.warping_errors(frames, frames)
    assert input_error < 1e-6 and output_error < 1e-6


def test_flicker_raises_the_warping_error_of_a_moving_clip():
    frames = moving_clip(2)
    steady_in, steady_out = evaluate.warping_errors(frames, frames)
    flicker = [np.clip(f + (0.2 if t % 2 else -0.2), 0, 1) for t, f in enumerate(frames)]
    _, flicker_out = evaluate.warping_errors(frames, flicker)
    assert steady_out == pytest.approx(steady_in)
    assert flicker_out > 10 * steady_in


@pytest.mark.skipif(not os.path.isdir(DARKNET_DIR), reason='../shared/data is not on this machine')
def test_two_styles_check_fails_a_style_blind_model_and_passes_a_style_aware_one():
    loss_net = evaluate.DarknetTiny()
    generator = torch.Generator().manual_seed(0)
    content = torch.rand(1, 3, 64, 64, generator=generator) * 0.5 + 0.25
    stripes = torch.zeros(1, 3, 64, 64)
    stripes[:, 0, :, ::4] = 1.0
    styles = {'red stripes': stripes, 'blue noise': torch.rand(1, 3, 64, 64, generator=generator) * torch.tensor([0.1, 0.2, 1.0]).view(1, 3, 1, 1),
              'grey': torch.full((1, 3, 64, 64), 0.5)}
    blind = {name: content for name in styles}
    difference, closer = evaluate.two_styles_check(content, blind, styles, loss_net)
    assert difference < evaluate.MIN_STYLE_DIFFERENCE and closer < evaluate.MIN_OWN_STYLE_CLOSER
    aware = {name: evaluate.colour_transfer(content, style) for name, style in styles.items()}
    difference, closer = evaluate.two_styles_check(content, aware, styles, loss_net)
    assert difference >= evaluate.MIN_STYLE_DIFFERENCE and closer >= evaluate.MIN_OWN_STYLE_CLOSER
