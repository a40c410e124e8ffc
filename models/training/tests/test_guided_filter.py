"""The guided filter of the photorealistic mode: it reproduces what is a local linear function of the
guide, takes its edges from the content, and is local (a tile gives the whole frame's pixels)."""
import pytest
import torch

from networks.guided_filter import GuidedFilter
from networks.light_encoder import BlurPoolInput

LUMA = torch.tensor([0.299, 0.587, 0.114]).view(1, 3, 1, 1)


def smooth_content(height=48, width=64, seed=0):
    generator = torch.Generator().manual_seed(seed)
    noise = torch.rand(1, 3, height // 8, width // 8, generator=generator)
    return torch.nn.functional.interpolate(noise, size=(height, width), mode='bilinear', align_corners=False)


def test_an_affine_regrade_of_the_guide_comes_back_unchanged():
    content = smooth_content()
    guide = (content * LUMA).sum(dim=1, keepdim=True)
    regraded = torch.cat([0.5 * guide + 0.3, 1.2 * guide - 0.1, 0.1 + 0 * guide], dim=1)
    assert torch.allclose(GuidedFilter(4, 1e-6)(regraded, content), regraded, atol=1e-3)


def test_texture_the_content_lacks_is_removed_and_content_edges_stay():
    content = torch.full((1, 3, 48, 64), 0.2)
    content[:, :, :, 32:] = 0.8  # one vertical edge
    stripes = (torch.arange(64) % 4 < 2).float().view(1, 1, 1, 64).expand(1, 3, 48, 64)
    stylized = 0.5 * content + 0.3 * stripes
    filtered = GuidedFilter(4, 1e-3)(stylized, content)
    flat = filtered[:, :, :, 4:24]
    assert float(flat.std()) < 0.1 * float(stylized[:, :, :, 4:24].std())  # the painted stripes are gone
    assert float(filtered[:, :, :, 36:].mean() - filtered[:, :, :, :28].mean()) > 0.25  # the edge is not


@pytest.mark.parametrize('subsample', [1, 4])
def test_a_tile_with_enough_overlap_matches_the_whole_frame(subsample):
    radius = 4
    generator = torch.Generator().manual_seed(3)
    content, stylized = smooth_content(seed=1), torch.rand(1, 3, 48, 64, generator=generator)
    whole = GuidedFilter(radius, 1e-3, subsample=subsample)(stylized, content)
    tile = GuidedFilter(radius, 1e-3, subsample=subsample)(stylized[:, :, 8:40, 16:56], content[:, :, 8:40, 16:56])
    margin = 2 * radius + 2 * subsample  # the fast form's bilinear upsampling reaches one more coarse pixel
    assert torch.allclose(tile[:, :, margin:-margin, margin:-margin],
                          whole[:, :, 8 + margin:40 - margin, 16 + margin:56 - margin], atol=1e-5)


def test_the_fast_form_stays_close_to_the_exact_filter_and_refuses_a_radius_it_cannot_keep():
    content = smooth_content(seed=5)
    guide = (content * LUMA).sum(dim=1, keepdim=True)
    stylized = torch.cat([0.6 * guide + 0.2, 0.4 * guide + 0.1, 1.0 - guide], dim=1)
    stylized = stylized + 0.05 * torch.sin(torch.arange(64).float()).view(1, 1, 1, 64)
    exact, fast = GuidedFilter(8, 1e-3)(stylized, content), GuidedFilter(8, 1e-3, subsample=4)(stylized, content)
    assert float((exact - fast).abs()[:, :, 8:-8, 8:-8].mean()) < 0.02
    with pytest.raises(ValueError, match='multiple of subsample'):
        GuidedFilter(6, 1e-3, subsample=4)


def test_blur_pool_input_keeps_flat_images_and_halves_a_one_pixel_checkerboard():
    blur = BlurPoolInput()
    flat = torch.full((1, 3, 16, 16), 0.4)
    assert torch.allclose(blur(flat), flat)
    checker = ((torch.arange(16).view(16, 1) + torch.arange(16).view(1, 16)) % 2).float().expand(1, 3, 16, 16)
    assert float((blur(checker) - 0.5).abs()[:, :, 1:-1, 1:-1].max()) < 1e-6  # the Nyquist pattern is gone


def test_strength_blends_the_filtered_frame_with_the_stylized_one():
    generator = torch.Generator().manual_seed(4)
    content, stylized = smooth_content(seed=2), torch.rand(1, 3, 48, 64, generator=generator)
    full = GuidedFilter(4, 1e-3)(stylized, content)
    half = GuidedFilter(4, 1e-3, strength=0.5)(stylized, content)
    assert torch.allclose(half, 0.5 * full + 0.5 * stylized, atol=1e-6)
