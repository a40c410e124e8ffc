"""Random checkpoints with exactly the official CCPL keys and shapes, saved as official training
does (plain state_dicts; the decoder in the FULL decoder's layout even for photo mode)."""
from pathlib import Path
from typing import Dict

import torch
from torch import nn

from networks.adain_decoder import adain_decoder
from networks.ccpl_official import CCPLNet
from networks.sct import SCT
from networks.vgg_normalised import vgg_normalised

# The decoder's output is rescaled to this mean/std so that few pixels hit the [0,1] clamp, which
# would otherwise hide differences between the graphs and the reference.
OUTPUT_MEAN = 0.5
OUTPUT_STD = 0.15


def _he_init(module: nn.Module) -> None:
    """torch's default init shrinks activations layer by layer; He init keeps them O(1)."""
    for layer in module.modules():
        if isinstance(layer, nn.Conv2d):
            nn.init.kaiming_normal_(layer.weight, nonlinearity='relu')
            nn.init.normal_(layer.bias, std=0.01)


def _calibrate_output(mode: str, vgg: nn.Module, decoder: nn.Sequential, sct: SCT) -> None:
    net = CCPLNet(mode)
    net.load_checkpoints(vgg.state_dict(), decoder.state_dict(), sct.state_dict())
    with torch.no_grad():
        feature, _ = net.encode(torch.rand(1, 3, 64, 64))
        style, _ = net.encode(torch.rand(1, 3, 64, 64))
        output = net.decode(net.sct(feature, style), [])
        last = decoder[len(decoder) - 1]
        scale = OUTPUT_STD / output.std()
        last.weight.mul_(scale)
        last.bias.copy_((last.bias - output.mean()) * scale + OUTPUT_MEAN)


def write_random_checkpoints(out_dir: Path, mode: str, seed: int = 0) -> Dict[str, Path]:
    """Writes vgg.pth, decoder.pth and sct.pth for `mode`; returns {'vgg'|'decoder'|'sct': path}."""
    torch.manual_seed(seed)
    vgg, decoder = vgg_normalised(), adain_decoder()
    sct = SCT.art() if mode == 'art' else SCT.photo()
    for module in (vgg, decoder, sct):
        _he_init(module)
    _calibrate_output(mode, vgg, decoder, sct)
    paths = {name: out_dir / f'{name}.pth' for name in ('vgg', 'decoder', 'sct')}
    for name, module in (('vgg', vgg), ('decoder', decoder), ('sct', sct)):
        torch.save(module.state_dict(), paths[name])
    return paths
