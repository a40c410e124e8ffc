"""The light net exports to the contract graphs, passes the WebGPU op check (export refuses
otherwise) and onnxruntime-node reproduces PyTorch, including the whole-frame statistics path."""
import numpy as np
import pytest
import torch

from contract.export import export
from networks.light_net import LightNet
from ort_node import run_onnx

CONFIG = {'encoder_channels': [8, 12, 16], 'residual_blocks': 2, 'sct_hidden': [16], 'use_skips': True}
# The blur before the strided convs and the guided filter after the decoder are graph ops too.
PHOTO_CONFIG = dict(CONFIG, anti_alias=True, guided_filter={'radius': 8, 'eps': 1e-3, 'subsample': 4})


@pytest.mark.parametrize('config', [CONFIG, PHOTO_CONFIG], ids=['plain', 'anti-alias-guided-filter'])
def test_exported_light_graphs_match_pytorch(tmp_path, config):
    torch.manual_seed(0)
    net = LightNet(config).eval()
    entry = export(net, tmp_path, 'light-test', 'Light', 'test', 256, 'random weights')
    assert entry['sizeMultiple'] == 8 and entry['contentStatChannels'] == 16
    generator = torch.Generator().manual_seed(1)
    content, style = torch.rand(1, 3, 40, 56, generator=generator), torch.rand(1, 3, 48, 48, generator=generator)
    with torch.no_grad():
        expected = net(content, style).clamp(0, 1)
        style_feat, _ = net.encode(style)
        cov, mean = net.sct.style_statistics(style_feat)
    encoded = run_onnx(tmp_path / 'light-test' / 'style_encoder.onnx', {'style': (style.numpy(), None)},
                       {'style_cov': None, 'style_mean': None})
    assert np.allclose(encoded['style_cov'], cov.numpy(), atol=1e-4)
    feeds = {'content': (content.numpy(), None), 'alpha': (np.ones(1, np.float32), None),
             'style_cov': (encoded['style_cov'], None), 'style_mean': (encoded['style_mean'], None),
             'content_mean': (np.zeros((1, 16, 1, 1), np.float32), None),
             'content_std': (np.ones((1, 16, 1, 1), np.float32), None),
             'use_content_stats': (np.zeros(1, np.float32), None)}
    own = run_onnx(tmp_path / 'light-test' / 'stylizer.onnx', feeds,
                   {'stylized': None, 'used_content_mean': None, 'used_content_std': None})
    assert np.abs(own['stylized'] - expected.numpy()).max() < 1e-4
    # Feeding the statistics it reported back with use_content_stats = 1 gives the same frame.
    feeds.update({'content_mean': (own['used_content_mean'], None), 'content_std': (own['used_content_std'], None),
                  'use_content_stats': (np.ones(1, np.float32), None)})
    given = run_onnx(tmp_path / 'light-test' / 'stylizer.onnx', feeds, {'stylized': None})
    assert np.abs(given['stylized'] - own['stylized']).max() < 1e-4
