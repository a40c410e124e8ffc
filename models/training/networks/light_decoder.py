"""Lightweight decoder: bilinear x2 upsampling + 3x3 conv per step (no transposed convs, so no
checkerboard/block grid), with encoder skips at 1/4 and 1/2.

The skips carry only detail: each is high-passed (minus its 3x3 local mean) before a 1x1
projection, so they restore edges without handing the content's colours and tones past the SCT
(which would let the model ignore the style). Every op is local, so tiles with an overlap match
the whole-frame result, unlike an instance norm whose statistics would change per tile.
"""
from typing import List, Sequence

import torch
import torch.nn.functional as F
from torch import nn

from networks.light_encoder import DepthwiseResidual


class HighPass(nn.Module):
    """x minus its 3x3 neighbourhood mean (edge-replicated), i.e. local detail only. The mean is a
    fixed depthwise conv rather than an average pool (WebGPU has no AveragePool kernel); its kernel is
    a non-persistent buffer, so it is a graph constant and not part of the weights."""

    def __init__(self, channels: int):
        super().__init__()
        self.register_buffer('box', torch.full((channels, 1, 3, 3), 1.0 / 9.0), persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x - F.conv2d(F.pad(x, (1, 1, 1, 1), mode='replicate'), self.box, groups=x.shape[1])


class LightDecoder(nn.Module):
    """in_channels at 1/8 -> RGB; skip_channels are the encoder widths at 1/2 and 1/4;
    residual_blocks depthwise residual blocks at 1/8 (and one at 1/4 when there are any) give the
    decoder the depth to paint textures. They start as identity, so a decoder warmed up without them
    loads unchanged."""

    def __init__(self, in_channels: int, skip_channels: Sequence[int], use_skips: bool, residual_blocks: int = 0):
        super().__init__()
        half, quarter = skip_channels
        self.use_skips = use_skips
        self.residual = nn.Sequential(*(DepthwiseResidual(in_channels, identity_init=True)
                                        for _ in range(residual_blocks)))
        self.residual_quarter = nn.Sequential(*(DepthwiseResidual(quarter, identity_init=True)
                                                for _ in range(min(residual_blocks, 1))))
        self.to_quarter = nn.Conv2d(in_channels, quarter, 3, 1, 1, padding_mode='reflect')
        self.to_half = nn.Conv2d(quarter, half, 3, 1, 1, padding_mode='reflect')
        self.to_rgb = nn.Conv2d(half, 3, 3, 1, 1, padding_mode='reflect')
        if use_skips:
            self.high_pass_quarter, self.high_pass_half = HighPass(quarter), HighPass(half)
            self.skip_quarter = nn.Conv2d(quarter, quarter, 1)
            self.skip_half = nn.Conv2d(half, half, 1)

    @staticmethod
    def _up(x: torch.Tensor) -> torch.Tensor:
        return F.interpolate(x, scale_factor=2.0, mode='bilinear', align_corners=False)

    def forward(self, feature: torch.Tensor, skips: List[torch.Tensor]) -> torch.Tensor:
        half_skip, quarter_skip = skips
        x = torch.relu(self.to_quarter(self._up(self.residual(feature))))
        if self.use_skips:
            x = x + self.skip_quarter(self.high_pass_quarter(quarter_skip))
        x = self.residual_quarter(x)
        x = torch.relu(self.to_half(self._up(x)))
        if self.use_skips:
            x = x + self.skip_half(self.high_pass_half(half_skip))
        return self.to_rgb(self._up(x))
