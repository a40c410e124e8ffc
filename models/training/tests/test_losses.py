"""Properties of the training losses."""
import pytest
import torch

from losses import terms


def feats(seed, shapes=((2, 8, 12, 12), (2, 16, 6, 6))):
    generator = torch.Generator().manual_seed(seed)
    return [torch.randn(*shape, generator=generator) for shape in shapes]


def test_style_gram_and_content_losses_are_zero_for_identical_inputs():
    a = feats(0)
    assert float(terms.adain_style_loss(a, a)) == 0.0
    assert float(terms.gram_loss(a, a)) == 0.0
    assert float(terms.content_loss(a, a)) == 0.0
    assert float(terms.feature_mse(a, a)) == 0.0


def test_style_and_gram_losses_grow_with_a_statistics_change():
    a = feats(0)
    shifted = [f * 2 + 1 for f in a]
    assert float(terms.adain_style_loss(shifted, a)) > 0.5
    assert float(terms.gram_loss(shifted, a)) > 0.0


def test_content_loss_ignores_per_channel_scale_and_shift_only():
    a = feats(0)
    assert float(terms.content_loss([f * 3 + 2 for f in a], a)) < 1e-6
    assert float(terms.content_loss(feats(1), a)) > 0.5


def test_ccpl_is_lower_for_the_same_patch_layout_than_for_a_shuffled_one():
    torch.manual_seed(0)
    ccpl = terms.CCPLoss([8, 16])
    content = feats(0)
    identical = [f.clone() for f in content]
    shuffled = []
    for f in content:
        flat = f.flatten(2)
        shuffled.append(flat[:, :, torch.randperm(flat.shape[2])].view_as(f))
    same, mixed = [], []
    for trial in range(5):
        torch.manual_seed(trial)
        same.append(float(ccpl(identical, content)))
        torch.manual_seed(trial)
        mixed.append(float(ccpl(shuffled, content)))
    assert sum(same) < sum(mixed)


def test_ccpl_samples_64_difference_vectors_per_layer_around_inner_centres():
    ccpl = terms.CCPLoss([8])
    positions = ccpl.sample_positions(6, 7, 'cpu')
    assert positions.shape == (2, 64)
    centre_rows, centre_cols = positions[0] // 7, positions[0] % 7
    assert bool(((centre_rows >= 1) & (centre_rows <= 4) & (centre_cols >= 1) & (centre_cols <= 5)).all())
    offsets = positions[1] - positions[0]
    assert sorted(set(offsets.tolist())) == [-8, -7, -6, -1, 1, 6, 7, 8]


def test_ccpl_keys_are_detached():
    ccpl = terms.CCPLoss([8])
    query = [torch.randn(1, 8, 6, 6, requires_grad=True)]
    key = [torch.randn(1, 8, 6, 6, requires_grad=True)]
    ccpl(query, key).backward()
    assert query[0].grad is not None and key[0].grad is None


def test_relative_style_loss_is_one_for_the_unstylised_content_and_zero_for_the_style():
    content, style = feats(0), [f * 2 + 1 for f in feats(1)]
    assert float(terms.relative_style_loss(content, style, content)) == pytest.approx(1.0)
    assert float(terms.relative_style_loss(style, style, content)) == 0.0


def test_grid_energy_sees_an_8_px_grid_and_not_a_smooth_picture():
    generator = torch.Generator().manual_seed(0)
    picture = torch.nn.functional.interpolate(torch.rand(1, 3, 8, 8, generator=generator), size=(64, 64),
                                              mode='bilinear', align_corners=False)
    gridded = picture.clone()
    gridded[:, :, ::8] += 0.05
    gridded[:, :, :, ::8] += 0.05
    assert float(terms.grid_energy(gridded)) > 100 * float(terms.grid_energy(picture))
    # The same grid moved by 4 px is still a grid: the measure is the pattern's energy, not its phase.
    assert float(terms.grid_energy(torch.roll(gridded, 4, dims=3))) > 100 * float(terms.grid_energy(picture))


def test_colour_distribution_loss_sees_the_colours_and_not_where_they_are():
    torch.manual_seed(0)
    style = torch.rand(2, 3, 16, 16)
    shuffled = style.flatten(2)[:, :, torch.randperm(256)].view(2, 3, 16, 16)
    assert float(terms.colour_distribution_loss(shuffled, style)) < 1e-10
    regraded = (style * 0.5 + 0.3).requires_grad_()
    loss = terms.colour_distribution_loss(regraded, style)
    assert float(loss) > 1e-3
    loss.backward()
    assert float(regraded.grad.abs().sum()) > 0


def test_colour_distribution_loss_compares_images_of_different_sizes_by_quantiles():
    torch.manual_seed(0)
    small = torch.rand(1, 3, 8, 8)
    doubled = torch.nn.functional.interpolate(small, scale_factor=2, mode='nearest')
    assert float(terms.colour_distribution_loss(small, doubled)) < 1e-3
    assert float(terms.colour_distribution_loss(small, doubled * 0.5)) > 1e-2
