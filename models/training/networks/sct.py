"""Style-Content Transform (SCT) of CCPL (Wu et al., ECCV 2022), split into the steps the
exported graphs need.

The official module is one forward(content, style). The engine runs the style side once per job
(style_encoder.onnx) and the content side per frame or tile (stylizer.onnx), possibly with the
whole frame's content statistics instead of the tile's own, so the three steps are separate:

    style_statistics(style_feat)      -> (style_cov [N,K,K], style_mean [N,C,1,1])
    content_statistics(content_feat)  -> (content_mean [N,C,1,1], content_std [N,C,1,1])
    transfer(content_feat, content_mean, content_std, style_cov, style_mean) -> feature [N,C,H,W]

forward(content_feat, style_feat) chains them and equals the official forward.

Official layout: `cnet` is 1x1 convs (ReLU between) from C to K=32 channels applied to the
standardised content; `snet` is unpadded 3x3 convs plus a final 1x1 conv (ReLU between) applied to
the mean-centred style; covariance = F_s F_s^T / N_s with N_s the spatial size of snet's output;
result = uncompress(cov @ F_c) + style_mean with `uncompress` a 1x1 conv K -> C.
"""
from typing import Sequence, Tuple

import torch
from torch import nn

# Added to the unbiased variance before the square root, as the official calc_mean_std does.
CONTENT_STD_EPS = 1e-5
# The engine contract fixes style_cov to [1,32,32].
COMPRESSED_CHANNELS = 32


def _conv_stack(in_channels: int, out_channels: Sequence[int], kernel_sizes: Sequence[int]) -> nn.Sequential:
    """Unpadded convs with a ReLU between consecutive convs (none after the last), matching the
    official index layout (conv at 0, 2, 4 ...) so official state_dict keys load unchanged."""
    if len(out_channels) != len(kernel_sizes):
        raise ValueError('one kernel size per conv layer is required')
    layers = []
    channels = in_channels
    for index, (out, kernel) in enumerate(zip(out_channels, kernel_sizes)):
        if index > 0:
            layers.append(nn.ReLU(inplace=True))
        layers.append(nn.Conv2d(channels, out, kernel, 1, 0))
        channels = out
    return nn.Sequential(*layers)


def channel_mean(feat: torch.Tensor) -> torch.Tensor:
    """Per-channel spatial mean, [N,C,1,1]."""
    return feat.mean(dim=(2, 3), keepdim=True)


class SCT(nn.Module):
    """SCT with configurable channels.

    in_channels: C, channels of the encoder feature it transforms.
    cnet_channels: output channels of each cnet 1x1 conv; the last is K (32).
    snet_channels: output channels of each snet conv; the last is K (32).
    snet_kernel_sizes: kernel size of each snet conv (official: 3 for all but the last, 1 for the last).
    """

    def __init__(self, in_channels: int, cnet_channels: Sequence[int], snet_channels: Sequence[int],
                 snet_kernel_sizes: Sequence[int]):
        super().__init__()
        if cnet_channels[-1] != COMPRESSED_CHANNELS or snet_channels[-1] != COMPRESSED_CHANNELS:
            raise ValueError(f'cnet and snet must both end in {COMPRESSED_CHANNELS} channels')
        self.in_channels = in_channels
        self.cnet = _conv_stack(in_channels, cnet_channels, [1] * len(cnet_channels))
        self.snet = _conv_stack(in_channels, snet_channels, snet_kernel_sizes)
        self.uncompress = nn.Conv2d(COMPRESSED_CHANNELS, in_channels, 1, 1, 0)

    @classmethod
    def art(cls) -> 'SCT':
        """Official artistic layout on relu4_1 (512 channels)."""
        return cls(512, [256, 128, 32], [256, 128, 32], [3, 3, 1])

    @classmethod
    def photo(cls) -> 'SCT':
        """Official photo-realistic layout on relu3_1 (256 channels)."""
        return cls(256, [128, 32], [128, 32], [3, 1])

    @classmethod
    def light(cls, in_channels: int, hidden_channels: Sequence[int] = ()) -> 'SCT':
        """The official pattern for any feature width: one hidden 1x1 (cnet) / unpadded 3x3 (snet)
        layer per entry of hidden_channels, then a 1x1 conv to 32 channels.
        Each unpadded 3x3 trims 2 pixels off the style feature, so the style feature must be
        larger than 2 * len(hidden_channels) on each side."""
        hidden = list(hidden_channels)
        return cls(in_channels, hidden + [COMPRESSED_CHANNELS], hidden + [COMPRESSED_CHANNELS],
                   [3] * len(hidden) + [1])

    @property
    def min_style_feature_size(self) -> int:
        """Smallest style feature side snet accepts (each unpadded kxk conv trims k-1 pixels)."""
        return 1 + sum(conv.kernel_size[0] - 1 for conv in self.snet if isinstance(conv, nn.Conv2d))

    def style_statistics(self, style_feat: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Covariance of the compressed mean-centred style feature and the style mean."""
        style_mean = channel_mean(style_feat)
        compressed = self.snet(style_feat - style_mean).flatten(2, 3)
        style_cov = torch.bmm(compressed, compressed.transpose(1, 2)) / compressed.shape[2]
        return style_cov, style_mean

    @staticmethod
    def content_statistics(content_feat: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Per-channel mean and sqrt(unbiased variance + 1e-5), as the official calc_mean_std.
        Written with plain reductions (not torch.var) so the exported graph uses only
        ReduceMean/ReduceSum/elementwise ops."""
        mean = channel_mean(content_feat)
        centred = content_feat - mean
        count = content_feat.shape[2] * content_feat.shape[3]
        variance = (centred * centred).sum(dim=(2, 3), keepdim=True) / (count - 1)
        return mean, torch.sqrt(variance + CONTENT_STD_EPS)

    def transfer(self, content_feat: torch.Tensor, content_mean: torch.Tensor, content_std: torch.Tensor,
                 style_cov: torch.Tensor, style_mean: torch.Tensor) -> torch.Tensor:
        """Standardise the content with the given statistics, compress, apply the style covariance,
        uncompress and add the style mean."""
        compressed = self.cnet((content_feat - content_mean) / content_std)
        mixed = torch.bmm(style_cov, compressed.flatten(2, 3)).view_as(compressed)
        return self.uncompress(mixed) + style_mean

    def forward(self, content_feat: torch.Tensor, style_feat: torch.Tensor) -> torch.Tensor:
        content_mean, content_std = self.content_statistics(content_feat)
        style_cov, style_mean = self.style_statistics(style_feat)
        return self.transfer(content_feat, content_mean, content_std, style_cov, style_mean)
