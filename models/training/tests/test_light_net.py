"""LightNet shape contract and the identity start of added decoder blocks."""
import torch

from networks.light_net import LightNet

CONFIG = {'encoder_channels': [8, 12, 16], 'residual_blocks': 1, 'sct_hidden': [16], 'use_skips': True}


def test_output_matches_the_input_size_for_multiples_of_eight():
    net = LightNet(CONFIG).eval()
    assert net.size_multiple == 8
    with torch.no_grad():
        assert net(torch.rand(2, 3, 40, 24), torch.rand(2, 3, 48, 48)).shape == (2, 3, 40, 24)


def test_added_decoder_residual_blocks_start_as_identity():
    torch.manual_seed(0)
    plain = LightNet(CONFIG).eval()
    deeper = LightNet(dict(CONFIG, decoder_residual_blocks=2)).eval()
    missing, unexpected = deeper.load_state_dict(plain.state_dict(), strict=False)
    assert not unexpected and missing and all('decoder.residual' in key for key in missing)
    content, style = torch.rand(1, 3, 32, 32), torch.rand(1, 3, 40, 40)
    with torch.no_grad():
        assert torch.equal(plain(content, style), deeper(content, style))


def test_the_style_changes_the_output():
    torch.manual_seed(0)
    net = LightNet(CONFIG).eval()
    content = torch.rand(1, 3, 32, 32)
    with torch.no_grad():
        a, b = net(content, torch.rand(1, 3, 40, 40)), net(content, torch.zeros(1, 3, 40, 40))
    assert float((a - b).abs().mean()) > 1e-5  # a style-blind net gives exactly 0
