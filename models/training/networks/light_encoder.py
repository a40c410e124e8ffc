"""Lightweight trainable encoder of the shipped modes (MicroAST-like): strided 3x3 convs down to
1/8 resolution, then depthwise-separable residual blocks. Far cheaper than VGG up to relu4_1.

encode(x) -> (feature [N, C, H/8, W/8], skips [1/2 feature, 1/4 feature]).
"""
from typing import List, Sequence, Tuple

import torch
import torch.nn.functional as F
from torch import nn

DOWNSAMPLE_STEPS = 3
SIZE_MULTIPLE = 2 ** DOWNSAMPLE_STEPS


class DepthwiseResidual(nn.Module):
    """x + pointwise(relu(depthwise3x3(x))): widens the receptive field at almost no cost.
    identity_init zeroes the pointwise conv, so a block added to a trained network starts as identity."""

    def __init__(self, channels: int, identity_init: bool = False):
        super().__init__()
        self.depthwise = nn.Conv2d(channels, channels, 3, 1, 1, groups=channels, padding_mode='reflect')
        self.pointwise = nn.Conv2d(channels, channels, 1)
        if identity_init:
            nn.init.zeros_(self.pointwise.weight)
            nn.init.zeros_(self.pointwise.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.pointwise(torch.relu(self.depthwise(x)))


class BlurPoolInput(nn.Module):
    """Fixed [1,2,1] x [1,2,1] / 16 blur (edge-replicated) in front of a stride-2 conv (Zhang,
    "Making convolutional networks shift-invariant again", 2019): without it the strided convs alias,
    and the aliased detail comes back as a grid at the network's 8 px step. Written as shifted adds
    (Pad, Slice, Add, Mul: on the WebGPU op list, no weights): PyTorch's depthwise conv took three
    times as long on the 3-channel full-size input."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        padded = F.pad(x, (1, 1, 1, 1), mode='replicate')
        rows = padded[:, :, :, :-2] + 2 * padded[:, :, :, 1:-1] + padded[:, :, :, 2:]
        return (rows[:, :, :-2] + 2 * rows[:, :, 1:-1] + rows[:, :, 2:]) * (1.0 / 16.0)


class LightEncoder(nn.Module):
    """channels: widths at 1/2, 1/4 and 1/8 resolution; residual_blocks at 1/8; anti_alias puts a
    BlurPoolInput before each strided conv."""

    def __init__(self, channels: Sequence[int], residual_blocks: int, anti_alias: bool = False):
        super().__init__()
        if len(channels) != DOWNSAMPLE_STEPS:
            raise ValueError(f'one width per downsampling step ({DOWNSAMPLE_STEPS}) is required')
        widths = [3] + list(channels)
        self.down = nn.ModuleList(
            nn.Conv2d(widths[i], widths[i + 1], 3, 2, 1, padding_mode='reflect') for i in range(DOWNSAMPLE_STEPS))
        self.blur = nn.ModuleList(BlurPoolInput() if anti_alias else nn.Identity()
                                  for i in range(DOWNSAMPLE_STEPS))
        self.residual = nn.Sequential(*(DepthwiseResidual(channels[-1]) for _ in range(residual_blocks)))
        self.out_channels = channels[-1]
        self.skip_channels = list(channels[:-1])

    def forward(self, image: torch.Tensor) -> Tuple[torch.Tensor, List[torch.Tensor]]:
        skips = []
        x = image
        for index, (blur, conv) in enumerate(zip(self.blur, self.down)):
            x = torch.relu(conv(blur(x)))
            if index < DOWNSAMPLE_STEPS - 1:
                skips.append(x)
        return self.residual(x), skips
