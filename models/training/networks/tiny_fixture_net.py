"""A tiny random network in the engine contract, for test fixtures only (not a style model).

Three floor max-pools (size multiple 8) as in the art-mode VGG, an SCT on 16 channels and a
decoder that ends in a sigmoid: random weights would otherwise push most outputs outside [0,1],
where the stylizer's clamp flattens them and different styles would give identical images."""
from typing import List, Tuple

import torch
from torch import nn

from networks.sct import SCT

FEATURE_CHANNELS = 16


def _conv(in_channels: int, out_channels: int) -> List[nn.Module]:
    return [nn.ReflectionPad2d(1), nn.Conv2d(in_channels, out_channels, 3)]


class TinyFixtureNet(nn.Module):
    size_multiple = 8

    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(
            *_conv(3, 8), nn.ReLU(), nn.MaxPool2d(2),
            *_conv(8, 16), nn.ReLU(), nn.MaxPool2d(2),
            *_conv(16, FEATURE_CHANNELS), nn.ReLU(), nn.MaxPool2d(2),
        )
        # No hidden snet layer: a 3x3 would need style features of 3+ pixels, and engine tests
        # use style images as small as 8x8 (a 1x1 feature).
        self.sct = SCT.light(FEATURE_CHANNELS)
        self.decoder = nn.Sequential(
            nn.Upsample(scale_factor=2, mode='nearest'), *_conv(FEATURE_CHANNELS, 8), nn.ReLU(),
            nn.Upsample(scale_factor=2, mode='nearest'), *_conv(8, 8), nn.ReLU(),
            nn.Upsample(scale_factor=2, mode='nearest'), *_conv(8, 3), nn.Sigmoid(),
        )
        # torch's default init shrinks the signal at every layer, leaving a near-grey image that
        # hardly depends on the style; He init keeps the feature scale through the stack.
        for module in self.modules():
            if isinstance(module, nn.Conv2d):
                nn.init.kaiming_normal_(module.weight, nonlinearity='relu')
                nn.init.zeros_(module.bias)

    def encode(self, image: torch.Tensor) -> Tuple[torch.Tensor, list]:
        return self.encoder(image), []

    def decode(self, feature: torch.Tensor, skips: list) -> torch.Tensor:
        return self.decoder(feature)
