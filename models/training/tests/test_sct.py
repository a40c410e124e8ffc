"""SCT steps compose to the official forward and keep the official checkpoint layout."""
import pytest
import torch

from networks.sct import SCT
from test_convert_parity import official_mean_std, official_sct

ART_SHAPES = {'cnet.0': (256, 512, 1, 1), 'cnet.2': (128, 256, 1, 1), 'cnet.4': (32, 128, 1, 1),
              'snet.0': (256, 512, 3, 3), 'snet.2': (128, 256, 3, 3), 'snet.4': (32, 128, 1, 1),
              'uncompress': (512, 32, 1, 1)}
PHOTO_SHAPES = {'cnet.0': (128, 256, 1, 1), 'cnet.2': (32, 128, 1, 1), 'snet.0': (128, 256, 3, 3),
                'snet.2': (32, 128, 1, 1), 'uncompress': (256, 32, 1, 1)}


@pytest.mark.parametrize('sct, shapes', [(SCT.art(), ART_SHAPES), (SCT.photo(), PHOTO_SHAPES)])
def test_official_layouts_have_the_checkpoint_keys(sct, shapes):
    expected = {}
    for name, shape in shapes.items():
        expected[f'{name}.weight'] = shape
        expected[f'{name}.bias'] = (shape[0],)
    assert {key: tuple(value.shape) for key, value in sct.state_dict().items()} == expected


@pytest.mark.parametrize('make', [SCT.art, SCT.photo, lambda: SCT.light(24, [16])])
def test_forward_is_the_official_sct(make):
    torch.manual_seed(0)
    sct = make()
    content = torch.randn(2, sct.in_channels, 9, 7) * 3 + 1
    style = torch.randn(2, sct.in_channels, 11, 8) * 2 - 1
    with torch.no_grad():
        assert torch.allclose(sct(content, style), official_sct(sct, content, style), atol=1e-5)


def test_statistics_shapes_and_unbiased_std():
    torch.manual_seed(0)
    sct = SCT.light(24)
    feature = torch.randn(1, 24, 5, 6)
    mean, std = sct.content_statistics(feature)
    expected_mean, expected_std = official_mean_std(feature)
    assert mean.shape == std.shape == (1, 24, 1, 1)
    assert torch.allclose(mean, expected_mean, atol=1e-6) and torch.allclose(std, expected_std, atol=1e-6)
    style_cov, style_mean = sct.style_statistics(feature)
    assert style_cov.shape == (1, 32, 32) and style_mean.shape == (1, 24, 1, 1)
    assert torch.allclose(style_cov, style_cov.transpose(1, 2), atol=1e-5)


def test_given_statistics_replace_the_own_ones():
    torch.manual_seed(0)
    sct = SCT.light(8)
    content, style = torch.randn(1, 8, 6, 6), torch.randn(1, 8, 6, 6)
    style_statistics = sct.style_statistics(style)
    own = sct.transfer(content, *sct.content_statistics(content), *style_statistics)
    other_mean, other_std = sct.content_statistics(content * 2 + 1)
    given = sct.transfer(content, other_mean, other_std, *style_statistics)
    assert not torch.allclose(own, given, atol=1e-3)


def test_min_style_feature_size_counts_the_unpadded_convs():
    assert SCT.art().min_style_feature_size == 5
    assert SCT.photo().min_style_feature_size == 3
    assert SCT.light(16).min_style_feature_size == 1


def test_compressed_width_must_be_32():
    with pytest.raises(ValueError):
        SCT(64, [16], [32], [1])
