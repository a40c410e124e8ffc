"""The shipped light model: LightEncoder -> SCT -> LightDecoder, with the net API that
contract/graphs.py and contract/export.py wrap (.sct, encode, decode, size_multiple)."""
from typing import Dict, List, Tuple

import torch
from torch import nn

from networks.guided_filter import GuidedFilter
from networks.light_decoder import LightDecoder
from networks.light_encoder import SIZE_MULTIPLE, LightEncoder
from networks.sct import SCT


class LightNet(nn.Module):
    """config keys: encoder_channels [c2, c4, c8], residual_blocks, sct_hidden [..], use_skips,
    decoder_residual_blocks (optional, 0 when absent), anti_alias (optional: blur before the strided
    encoder convs), guided_filter (optional {radius, eps, strength, subsample}: the stylized frame is refined by a guided
    filter with the content as guide, see guided_filter.py)."""

    def __init__(self, config: Dict):
        super().__init__()
        self.config = dict(config)
        self.encoder = LightEncoder(config['encoder_channels'], config['residual_blocks'],
                                    config.get('anti_alias', False))
        self.sct = SCT.light(self.encoder.out_channels, config['sct_hidden'])
        self.decoder = LightDecoder(self.encoder.out_channels, self.encoder.skip_channels, config['use_skips'],
                                    config.get('decoder_residual_blocks', 0))
        self.size_multiple = SIZE_MULTIPLE
        settings = config.get('guided_filter')
        # contract.graphs.StylizerGraph applies `refine` (when not None) to the clamped stylized frame.
        self.refine = (GuidedFilter(settings['radius'], settings['eps'], settings.get('strength', 1.0),
                                    settings.get('subsample', 1)) if settings else None)

    def encode(self, image: torch.Tensor) -> Tuple[torch.Tensor, List[torch.Tensor]]:
        return self.encoder(image)

    def decode(self, feature: torch.Tensor, skips: List[torch.Tensor]) -> torch.Tensor:
        return self.decoder(feature, skips)

    def forward(self, content: torch.Tensor, style: torch.Tensor) -> torch.Tensor:
        """Training/eval forward: content and style batches of equal size -> stylized (unclamped)."""
        content_feat, skips = self.encode(content)
        style_feat, _ = self.encode(style)
        stylized = self.decode(self.sct(content_feat, style_feat), skips)
        return stylized if self.refine is None else self.refine(stylized.clamp(0, 1), content)

    def reconstruct(self, image: torch.Tensor) -> torch.Tensor:
        """Autoencoder path (no SCT), for the warm-up."""
        feature, skips = self.encode(image)
        return self.decode(feature, skips)
