"""The AdaIN/CCPL decoder, laid out like the official nn.Sequential so checkpoint keys ("1", "5", ...)
load unchanged. Art mode decodes relu4_1 (all 29 modules, 3 upsamplings); photo mode decodes
relu3_1 with the modules from index 10 on (2 upsamplings)."""
from typing import Dict, List

import torch
from torch import nn

PHOTO_START = 10

# (in, out, upsample after the ReLU) of each reflection-padded 3x3 conv; the last conv has no ReLU.
_DECODER_CONVS = [(512, 256, True), (256, 256, False), (256, 256, False), (256, 256, False), (256, 128, True),
                  (128, 128, False), (128, 64, True), (64, 64, False), (64, 3, False)]


def adain_decoder() -> nn.Sequential:
    """The full 29-module official layout."""
    layers: List[nn.Module] = []
    for index, (channels_in, channels_out, upsample) in enumerate(_DECODER_CONVS):
        layers += [nn.ReflectionPad2d(1), nn.Conv2d(channels_in, channels_out, 3)]
        if index < len(_DECODER_CONVS) - 1:
            layers.append(nn.ReLU())
        if upsample:
            layers.append(nn.Upsample(scale_factor=2, mode='nearest'))
    return nn.Sequential(*layers)


def photo_decoder() -> nn.Sequential:
    """The official photo decoder: nn.Sequential(*children[10:]), re-indexed from 0."""
    return nn.Sequential(*list(adain_decoder().children())[PHOTO_START:])


def photo_state_dict(state_dict: Dict[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
    """The photo decoder's weights from a checkpoint in either layout: official training saves the
    FULL decoder's state_dict (the photo decoder shares its modules, indices 10+), while a
    state_dict of the photo Sequential itself is indexed from 0."""
    full_layout = f'{len(adain_decoder()) - 1}.weight' in state_dict
    if not full_layout:
        return dict(state_dict)
    photo = {}
    for key, value in state_dict.items():
        index, name = key.split('.', 1)
        if int(index) >= PHOTO_START:
            photo[f'{int(index) - PHOTO_START}.{name}'] = value
    return photo
