"""The `vgg_normalised` encoder of AdaIN/CCPL (VGG-19 with a leading 1x1 colour conv), laid out
exactly like the official nn.Sequential so its checkpoint's keys ("0", "2", "5", ...) load as is.

CCPL cuts it at relu4_1 (art, first 31 modules, 3 pools) or relu3_1 (photo, first 18, 2 pools).
The official max-pools use ceil_mode=True; the engine pads inputs to a multiple of 2^pools, where
floor and ceil pooling agree, and exports floor pooling (the WebGPU provider has no ceil_mode)."""
from typing import Dict, List

import torch
from torch import nn

ART_END = 31  # relu4_1
PHOTO_END = 18  # relu3_1

# (out_channels, followed by a max-pool) for each 3x3 conv of VGG-19; the official list ends at
# relu5_4, without a fifth pool.
_VGG19_CONVS = [(64, False), (64, True), (128, False), (128, True), (256, False), (256, False), (256, False),
                (256, True), (512, False), (512, False), (512, False), (512, True), (512, False), (512, False),
                (512, False), (512, False)]


def vgg_normalised(ceil_mode: bool = True) -> nn.Sequential:
    """The full 53-module official layout."""
    layers: List[nn.Module] = [nn.Conv2d(3, 3, 1)]
    channels = 3
    for out, pool_after in _VGG19_CONVS:
        layers += [nn.ReflectionPad2d(1), nn.Conv2d(channels, out, 3), nn.ReLU()]
        channels = out
        if pool_after:
            layers.append(nn.MaxPool2d(2, 2, 0, ceil_mode=ceil_mode))
    return nn.Sequential(*layers)


def vgg_encoder(end: int, ceil_mode: bool = True) -> nn.Sequential:
    """The first `end` modules; slicing keeps the official indices, so the keys still match."""
    return vgg_normalised(ceil_mode)[:end]


def pool_count(encoder: nn.Sequential) -> int:
    return sum(isinstance(layer, nn.MaxPool2d) for layer in encoder)


def load_cut(encoder: nn.Sequential, state_dict: Dict[str, torch.Tensor]) -> None:
    """Loads the part of a full (or already cut) checkpoint the cut encoder uses; every key of
    the cut must be there and every other key must belong to the layers past the cut."""
    wanted = encoder.state_dict().keys()
    beyond = [key for key in state_dict if key not in wanted and int(key.split('.')[0]) < len(encoder)]
    if beyond:
        raise ValueError(f'unexpected encoder checkpoint keys: {beyond}')
    encoder.load_state_dict({key: state_dict[key] for key in state_dict if key in wanted}, strict=True)
