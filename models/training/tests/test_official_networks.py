"""The official networks keep the checkpoint keys/shapes and load full official checkpoints."""
import pytest
import torch

from networks.adain_decoder import adain_decoder, photo_decoder, photo_state_dict
from networks.ccpl_official import CCPLNet
from networks.vgg_normalised import ART_END, PHOTO_END, load_cut, vgg_encoder, vgg_normalised

VGG_SHAPES = {'0': (3, 3, 1, 1), '2': (64, 3, 3, 3), '5': (64, 64, 3, 3), '9': (128, 64, 3, 3),
              '12': (128, 128, 3, 3), '16': (256, 128, 3, 3), '19': (256, 256, 3, 3), '22': (256, 256, 3, 3),
              '25': (256, 256, 3, 3), '29': (512, 256, 3, 3),
              **{str(index): (512, 512, 3, 3) for index in (32, 35, 38, 42, 45, 48, 51)}}
DECODER_SHAPES = {'1': (256, 512, 3, 3), '5': (256, 256, 3, 3), '8': (256, 256, 3, 3), '11': (256, 256, 3, 3),
                  '14': (128, 256, 3, 3), '18': (128, 128, 3, 3), '21': (64, 128, 3, 3), '25': (64, 64, 3, 3),
                  '28': (3, 64, 3, 3)}


def weight_shapes(module):
    return {key[:-len('.weight')]: tuple(value.shape) for key, value in module.state_dict().items()
            if key.endswith('.weight')}


def test_vgg_and_decoder_layouts_match_the_official_checkpoints():
    assert weight_shapes(vgg_normalised()) == VGG_SHAPES
    assert weight_shapes(adain_decoder()) == DECODER_SHAPES
    assert all(f'{index}.bias' in vgg_normalised().state_dict() for index in VGG_SHAPES)


@pytest.mark.parametrize('end, multiple', [(ART_END, 8), (PHOTO_END, 4)])
def test_cut_encoder_loads_the_full_checkpoint(end, multiple):
    torch.manual_seed(0)
    full = vgg_normalised().state_dict()
    encoder = vgg_encoder(end)
    load_cut(encoder, full)
    assert all(torch.equal(value, full[key]) for key, value in encoder.state_dict().items())
    assert isinstance(encoder[-1], torch.nn.ReLU)


def test_cut_encoder_refuses_a_foreign_checkpoint():
    full = vgg_normalised().state_dict()
    full['3.weight'] = torch.zeros(1)
    with pytest.raises(ValueError):
        load_cut(vgg_encoder(PHOTO_END), full)


def test_photo_decoder_loads_both_checkpoint_layouts():
    torch.manual_seed(0)
    full = adain_decoder()
    from_full, from_own = photo_decoder(), photo_decoder()
    from_full.load_state_dict(photo_state_dict(full.state_dict()))
    from_own.load_state_dict(photo_state_dict(from_full.state_dict()))
    assert torch.equal(from_full[1].weight, full[11].weight)
    assert torch.equal(from_own[18].weight, full[28].weight)


def test_floor_pooling_equals_the_official_ceil_pooling_on_padded_inputs():
    torch.manual_seed(0)
    official, exported = CCPLNet('photo', ceil_mode=True), CCPLNet('photo', ceil_mode=False)
    exported.load_state_dict(official.state_dict())
    padded = torch.rand(1, 3, 36, 44)
    with torch.no_grad():
        assert torch.equal(official.encode(padded)[0], exported.encode(padded)[0])
        # Unpadded sizes are where they differ, which is why the engine pads.
        assert official.encode(padded[:, :, :35])[0].shape != exported.encode(padded[:, :, :35])[0].shape
