"""Converted official CCPL graphs, run by onnxruntime-node through the engine's own padding and
cropping, reproduce the official PyTorch forward (ceil-mode pooling) on the same padded input."""
import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from contract.names import STYLE_ENCODER_OUTPUTS, STYLIZER_INPUTS
from networks.ccpl_official import CCPLNet
from ort_node import run_onnx
from scripts.convert_ccpl import load_state_dict

TOLERANCE = 1e-4
STYLE_SIZE = (45, 61)  # odd, so the engine pads the style as well


def official_mean_std(feat, eps=1e-5):
    """As the official calc_mean_std: unbiased variance over the flattened spatial dims."""
    n, c = feat.shape[:2]
    std = (feat.view(n, c, -1).var(dim=2) + eps).sqrt().view(n, c, 1, 1)
    return feat.view(n, c, -1).mean(dim=2).view(n, c, 1, 1), std


def official_sct(sct, content_feat, style_feat):
    """The official SCT forward, written from the paper's code independently of sct.py."""
    mean, std = official_mean_std(content_feat)
    style_mean = style_feat.view(*style_feat.shape[:2], -1).mean(dim=2).view(*style_feat.shape[:2], 1, 1)
    compressed_content = sct.cnet((content_feat - mean) / std)
    compressed_style = sct.snet(style_feat - style_mean).flatten(2, 3)
    style_cov = torch.bmm(compressed_style, compressed_style.permute(0, 2, 1)).div(compressed_style.size(2))
    b, c, h, w = compressed_content.size()
    mixed = torch.bmm(style_cov, compressed_content.flatten(2, 3)).view(b, c, h, w)
    return sct.uncompress(mixed) + style_mean


def reflect_pad(image, multiple):
    """Right/bottom reflection to the next multiple, as the engine pads."""
    h, w = image.shape[2:]
    return F.pad(image, (0, -w % multiple, 0, -h % multiple), mode='reflect')


def official_stylize(net, content, style, alpha):
    """Official forward (ceil-mode VGG) on the padded images, alpha-blended in feature space,
    clamped to [0,1] as the graph's output and cropped back."""
    h, w = content.shape[2:]
    content_feat = net.encoder(reflect_pad(content, net.size_multiple))
    style_feat = net.encoder(reflect_pad(style, net.size_multiple))
    feature = official_sct(net.sct, content_feat, style_feat)
    if alpha != 1:
        feature = alpha * feature + (1 - alpha) * content_feat
    return torch.clamp(net.decoder(feature), 0, 1)[:, :, :h, :w]


@pytest.mark.parametrize('alpha', [1.0, 0.5])
@pytest.mark.parametrize('content_size', [(37, 53), (64, 64)])
def test_graphs_match_the_official_forward(converted, content_size, alpha):
    mode, checkpoints, out = converted
    entry = json.loads((out / 'model-entry.json').read_text())
    official = CCPLNet(mode, ceil_mode=True).eval()
    official.load_checkpoints(*(load_state_dict(checkpoints[name]) for name in ('vgg', 'decoder', 'sct')))
    assert entry['sizeMultiple'] == official.size_multiple == (8 if mode == 'art' else 4)

    generator = torch.Generator().manual_seed(0)
    content = torch.rand(1, 3, *content_size, generator=generator)
    style = torch.rand(1, 3, *STYLE_SIZE, generator=generator)
    multiple = entry['sizeMultiple']
    statistics = run_onnx(out / entry['styleEncoder']['file'], {'style': (style.numpy(), multiple)},
                          dict.fromkeys(STYLE_ENCODER_OUTPUTS))
    channels = entry['contentStatChannels']
    feeds = dict(zip(STYLIZER_INPUTS, [
        (content.numpy(), multiple), (np.array([alpha], np.float32), None),
        (statistics['style_cov'], None), (statistics['style_mean'], None),
        (np.zeros((1, channels, 1, 1), np.float32), None), (np.ones((1, channels, 1, 1), np.float32), None),
        (np.zeros(1, np.float32), None)]))
    stylized = run_onnx(out / entry['stylizer']['file'], feeds, {'stylized': 'content'})['stylized']

    with torch.no_grad():
        expected = official_stylize(official, content, style, alpha).numpy()
    assert stylized.shape == expected.shape == (1, 3, *content_size)
    # Most pixels must lie inside (0,1), or the clamp would hide any mismatch.
    assert np.mean((expected > 0) & (expected < 1)) > 0.9
    assert np.abs(stylized - expected).max() <= TOLERANCE
