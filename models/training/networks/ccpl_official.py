"""The official CCPL networks (VGG encoder, SCT, decoder) as a net for contract/graphs.py and contract/export.py:
encode(x) -> (feature, []), decode(feature, []) -> image, .sct, .size_multiple."""
from typing import Dict, Tuple

import torch
from torch import nn

from networks.adain_decoder import adain_decoder, photo_decoder, photo_state_dict
from networks.sct import SCT
from networks.vgg_normalised import ART_END, PHOTO_END, load_cut, pool_count, vgg_encoder

MODES = ('art', 'photo')


class CCPLNet(nn.Module):
    """mode 'art' works on relu4_1 (size multiple 8), 'photo' on relu3_1 (size multiple 4).
    ceil_mode=True is the official pooling; export uses False (identical on padded inputs)."""

    def __init__(self, mode: str, ceil_mode: bool = True):
        super().__init__()
        if mode not in MODES:
            raise ValueError(f'mode must be one of {MODES}, got {mode!r}')
        self.mode = mode
        self.encoder = vgg_encoder(ART_END if mode == 'art' else PHOTO_END, ceil_mode)
        self.sct = SCT.art() if mode == 'art' else SCT.photo()
        self.decoder = adain_decoder() if mode == 'art' else photo_decoder()
        self.size_multiple = 2 ** pool_count(self.encoder)

    def load_checkpoints(self, vgg: Dict[str, torch.Tensor], decoder: Dict[str, torch.Tensor],
                         sct: Dict[str, torch.Tensor]) -> None:
        """Official state_dicts: the full vgg_normalised, the decoder (for photo, the full decoder's
        or the photo Sequential's keys) and the SCT."""
        load_cut(self.encoder, vgg)
        self.decoder.load_state_dict(decoder if self.mode == 'art' else photo_state_dict(decoder))
        self.sct.load_state_dict(sct)

    def encode(self, image: torch.Tensor) -> Tuple[torch.Tensor, list]:
        return self.encoder(image), []

    def decode(self, feature: torch.Tensor, skips: list) -> torch.Tensor:
        return self.decoder(feature)
