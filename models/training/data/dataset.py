"""Training/evaluation data (read at run time, never copied into the repo).

The data folder (default ../shared/data, a sibling of the repository) holds content/ (photos) and
styles/ (paintings); train.py and evaluate.py take another with --data.

The held-out split is fixed: a seeded shuffle of the sorted file names, committed by FILE NAME
in holdout.json; training never sees those files.
"""
import json
import os
import random
from typing import Dict, List

import cv2
import numpy as np
import torch

from paths import SHARED_DATA

def content_dir(data_dir: str = SHARED_DATA) -> str:
    return os.path.join(data_dir, 'content')


def style_dir(data_dir: str = SHARED_DATA) -> str:
    return os.path.join(data_dir, 'styles')

HOLDOUT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'holdout.json')
HOLDOUT_SEED = 20221023
HOLDOUT_CONTENT = 8
HOLDOUT_STYLES = 6


def _image_names(folder: str) -> List[str]:
    return sorted(name for name in os.listdir(folder) if name.lower().endswith(('.jpg', '.jpeg', '.png')))


def make_holdout(data_dir: str = SHARED_DATA) -> Dict[str, List[str]]:
    """The seeded held-out choice (deterministic for a given file listing)."""
    rng = random.Random(HOLDOUT_SEED)
    content = _image_names(content_dir(data_dir))
    styles = _image_names(style_dir(data_dir))
    return {'content': sorted(rng.sample(content, HOLDOUT_CONTENT)),
            'styles': sorted(rng.sample(styles, HOLDOUT_STYLES))}


def load_holdout(data_dir: str = SHARED_DATA) -> Dict[str, List[str]]:
    """The committed split; written once from make_holdout() if missing."""
    if not os.path.exists(HOLDOUT_PATH):
        with open(HOLDOUT_PATH, 'w') as handle:
            json.dump(make_holdout(data_dir), handle, indent=2)
            handle.write('\n')
    with open(HOLDOUT_PATH) as handle:
        return json.load(handle)


def training_names(folder: str, held_out: List[str]) -> List[str]:
    excluded = set(held_out)
    return [name for name in _image_names(folder) if name not in excluded]


def read_rgb(path: str, short_side: int = 0) -> np.ndarray:
    """uint8 RGB HxWx3; resized (area) so the shorter side is short_side when given."""
    image = cv2.imread(path, cv2.IMREAD_COLOR)
    if image is None:
        raise FileNotFoundError(f'cannot read image {path}')
    image = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
    if short_side:
        h, w = image.shape[:2]
        scale = short_side / min(h, w)
        size = (max(short_side, round(w * scale)), max(short_side, round(h * scale)))
        image = cv2.resize(image, size, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
    return image


def to_tensor(image: np.ndarray) -> torch.Tensor:
    """uint8 HxWx3 -> float [3,H,W] in [0,1]."""
    return torch.from_numpy(np.ascontiguousarray(image)).permute(2, 0, 1).float() / 255.0


class CropSampler:
    """Random crops (crop x crop) with horizontal flips from images resized to short_side, drawn
    from a per-iteration seed so a resumed run sees exactly the batches a straight run would."""

    def __init__(self, folder: str, names: List[str], short_side: int, crop: int):
        if short_side < crop:
            raise ValueError('short_side must be at least the crop size')
        self.images = [read_rgb(os.path.join(folder, name), short_side) for name in names]
        self.crop = crop

    def batch(self, size: int, rng: np.random.Generator) -> torch.Tensor:
        crops = []
        for _ in range(size):
            image = self.images[rng.integers(len(self.images))]
            h, w = image.shape[:2]
            y, x = rng.integers(h - self.crop + 1), rng.integers(w - self.crop + 1)
            crop = image[y:y + self.crop, x:x + self.crop]
            if rng.random() < 0.5:
                crop = crop[:, ::-1]
            crops.append(to_tensor(crop))
        return torch.stack(crops)
