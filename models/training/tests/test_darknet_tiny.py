"""The Darknet-tiny loader reproduces the ImageNet classifier: plausible top-5 on known photos."""
import os

import cv2
import pytest
import torch

from data.dataset import content_dir, read_rgb, to_tensor
from losses.darknet_tiny import DARKNET_DIR, DarknetTiny

pytestmark = pytest.mark.skipif(not os.path.isdir(DARKNET_DIR), reason='../shared/data is not on this machine')


@pytest.fixture(scope='module')
def darknet():
    return DarknetTiny()


def photo(name):
    image = cv2.resize(read_rgb(os.path.join(content_dir(), name)), (224, 224), interpolation=cv2.INTER_AREA)
    return to_tensor(image)[None]


@pytest.mark.parametrize('name, expected', [
    ('animal_dog_lava_field.jpg', {'Labrador retriever', 'golden retriever', 'Great Dane', 'Weimaraner'}),
    ('animal_lion_bw.jpg', {'lion'}),
    ('skimage_coffee_cup.jpg', {'espresso', 'coffee mug', 'cup'}),
])
def test_top5_contains_a_plausible_class(darknet, name, expected):
    top5 = darknet.top_k(photo(name), 5)[0]
    assert expected & set(top5), f'{name}: top-5 {top5}'


def test_noise_is_not_classified_as_the_photo_classes(darknet):
    torch.manual_seed(0)
    top5 = darknet.top_k(torch.rand(1, 3, 224, 224), 5)[0]
    assert 'lion' not in top5


def test_taps_have_the_documented_shapes(darknet):
    taps = ['leaky_re_lu_1', 'leaky_re_lu_2', 'leaky_re_lu_4', 'leaky_re_lu_8', 'leaky_re_lu_12']
    shapes = [tuple(f.shape[1:]) for f in darknet.features(torch.rand(1, 3, 64, 64), taps)]
    assert shapes == [(16, 64, 64), (32, 32, 32), (128, 16, 16), (256, 8, 8), (512, 4, 4)]
