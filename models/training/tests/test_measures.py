"""The pixel measures of evaluate.py (measures.py) and the test clips (clips.py)."""
import cv2
import numpy as np
import pytest

from data import clips
from evaluation import measures


def photo_like(height=128, width=160, seed=0):
    """Smooth random colour fields with some fine detail: spectra without periodic spikes."""
    rng = np.random.default_rng(seed)
    coarse = cv2.resize(rng.random((height // 16, width // 16, 3)).astype(np.float32), (width, height),
                        interpolation=cv2.INTER_CUBIC)
    fine = cv2.GaussianBlur(rng.random((height, width, 3)).astype(np.float32), (0, 0), 1.0)
    return np.clip(0.7 * coarse + 0.3 * fine, 0, 1)


def test_the_structure_term_ignores_a_regrade_and_drops_with_new_texture():
    luma = measures.luminance(photo_like())
    assert measures.ssim_structure(luma, luma) == pytest.approx(1.0, abs=1e-9)
    assert measures.ssim_structure(luma, 0.5 * luma + 0.3) > 0.99
    textured = luma + 0.1 * np.random.default_rng(1).standard_normal(luma.shape)
    assert measures.ssim_structure(luma, textured) < 0.8


def test_grid_ratio_is_low_for_a_photo_and_high_with_an_8_px_grid():
    image = photo_like()
    assert measures.grid_spike_ratio(image) < 3
    gridded = image.copy()
    gridded[::8] += 0.03
    gridded[:, ::8] += 0.03
    assert measures.grid_spike_ratio(np.clip(gridded, 0, 1)) > 10


def test_local_grid_ratio_finds_a_grid_on_a_flat_sky_that_the_whole_frame_score_misses():
    rng = np.random.default_rng(6)
    textured = photo_like(height=512, width=512, seed=5) + 0.08 * rng.standard_normal((512, 512, 3))
    image = np.clip(textured, 0, 1).astype(np.float32)
    assert measures.local_grid_ratio(image) < 10
    # A flat sky in two of the sixteen tiles, with a faint 8-px grid on it.
    sky = 0.6 + 0.005 * rng.standard_normal((128, 256, 3))
    sky[::8] += 0.01
    sky[:, ::8] += 0.01
    image[:128, :256] = sky
    assert measures.grid_spike_ratio(image) < 3
    assert measures.local_grid_ratio(image) > 10


def test_local_grid_ratio_refuses_an_image_smaller_than_a_tile():
    with pytest.raises(ValueError, match='128'):
        measures.local_grid_ratio(photo_like(height=100, width=160))


def test_sliced_wasserstein_is_zero_for_equal_sets_and_grows_with_a_shift():
    points = np.random.default_rng(2).standard_normal((500, 4))
    assert measures.sliced_wasserstein(points, points) == 0
    near, far = measures.sliced_wasserstein(points, points + 0.1), measures.sliced_wasserstein(points, points + 1.0)
    assert 0 < near < far


def test_a_per_channel_regrade_moves_colour_but_not_texture():
    content, style = photo_like(seed=3), photo_like(seed=4)
    stats = lambda image: (image.reshape(-1, 3).mean(axis=0), image.reshape(-1, 3).std(axis=0))  # noqa: E731
    (c_mean, c_std), (s_mean, s_std) = stats(content), stats(style)
    regraded = (content - c_mean) / c_std * s_std + s_mean  # no clipping: an exact affine grade
    pairs = measures.PairDistances()
    pairs.add(regraded, content, regraded, style)
    assert pairs.cut('colour') > 0.5
    assert abs(pairs.cut('texture')) < 0.02


def test_painted_texture_moves_the_texture_measure():
    content = photo_like(seed=5)
    style = np.clip(photo_like(seed=6) + 0.25 * (np.indices((128, 160)).sum(axis=0) % 6 < 3)[..., None], 0, 1)
    painted = np.clip(content + 0.25 * (np.indices((128, 160)).sum(axis=0) % 6 < 3)[..., None], 0, 1)
    pairs = measures.PairDistances()
    pairs.add(painted, content, content, style)
    assert pairs.cut('texture') > 0.3 and pairs.cut('swd_without_mean') > 0.3


def test_still_photo_clip_changes_only_by_noise_and_the_sprite():
    photo, sprite = photo_like(seed=7), photo_like(seed=8)
    frames = clips.still_photo_clip(photo, sprite, frames=3)
    assert len(frames) == 3 and frames[0].shape == (128, 160, 3)
    difference = np.abs(frames[1] - frames[0]).mean(axis=2)
    top = difference[:128 // 2 - clips.SPRITE_RADIUS]
    assert top.mean() < 3 * clips.STILL_NOISE_STD and difference.max() > 0.2
    assert all(np.array_equal(a, b) for a, b in zip(frames, clips.still_photo_clip(photo, sprite, frames=3)))


def test_graphic_style_has_stripes_and_flat_fields():
    image = clips.graphic_style(64)
    assert image.shape == (64, 64, 3)
    assert set(np.unique(image[:28, :28])) == {0.0, 1.0}
    assert np.ptp(image[40:, 40:].reshape(-1, 3), axis=0).max() == 0
