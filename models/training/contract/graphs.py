"""The two graphs of the engine's model contract (src/engine/inference/modelContract.ts), built around a
"net": any object with
    .sct                       a networks.sct.SCT on the encoder's output feature
    encode(x) -> (feature, skips: list)   image [N,3,H,W] in [0,1] -> feature (+ skip tensors)
    decode(feature, skips) -> image       the inverse path
    size_multiple              the factor H and W must be multiples of
    refine (optional)          None, or (stylized, content) -> image: a last step on the clamped
                               stylized frame with the content frame at hand (a guided filter)
"""
from typing import Tuple

import torch
from torch import nn


def _as_scalar_map(value: torch.Tensor) -> torch.Tensor:
    """A [1] contract scalar broadcast over [N,C,H,W]."""
    return value.view(1, 1, 1, 1)


class StyleEncoderGraph(nn.Module):
    """style [1,3,H,W] -> (style_cov [1,32,32], style_mean [1,C,1,1])."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, style: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        feature, _ = self.net.encode(style)
        return self.net.sct.style_statistics(feature)


class StylizerGraph(nn.Module):
    """(content, alpha, style_cov, style_mean, content_mean, content_std, use_content_stats)
    -> (stylized [1,3,H,W] in [0,1], content_mean used, content_std used).

    use_content_stats blends the given statistics with the input's own (u * given + (1 - u) * own),
    so 0 is the official forward and 1 lets every tile of a frame use the whole frame's statistics.
    alpha blends in feature space (alpha * sct + (1 - alpha) * content feature); alpha = 1 is the
    official forward exactly.
    """

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, content: torch.Tensor, alpha: torch.Tensor, style_cov: torch.Tensor,
                style_mean: torch.Tensor, content_mean: torch.Tensor, content_std: torch.Tensor,
                use_content_stats: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        feature, skips = self.net.encode(content)
        own_mean, own_std = self.net.sct.content_statistics(feature)
        given_weight = _as_scalar_map(use_content_stats)
        mean = given_weight * content_mean + (1 - given_weight) * own_mean
        std = given_weight * content_std + (1 - given_weight) * own_std
        transferred = self.net.sct.transfer(feature, mean, std, style_cov, style_mean)
        style_weight = _as_scalar_map(alpha)
        mixed = style_weight * transferred + (1 - style_weight) * feature
        stylized = torch.clamp(self.net.decode(mixed, skips), 0.0, 1.0)
        refine = getattr(self.net, 'refine', None)
        if refine is not None:
            stylized = torch.clamp(refine(stylized, content), 0.0, 1.0)
        return stylized, mean, std
