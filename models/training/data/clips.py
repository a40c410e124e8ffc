"""Clips for the temporal measures of evaluate.py, as lists of float HxWx3 RGB frames in [0,1]
(sides cropped to multiples of 8).

- tree.avi (opencv-doc): hand-held, so its own frame-to-frame error is large.
- vtest.avi (opencv-doc): a locked-off camera over a path with people walking past.
- Megamind.avi (opencv-doc): an animated scene, nearly still camera, a moving character.
- a still photo (held-out, never trained on) with fresh sensor noise every frame and a textured sprite
  crossing it: a static background where any change of the output is flicker.

Also the graphic style of the flicker gate: stripes and flat colour fields (made here, so it needs no
file and no model has seen it).
"""
import os
from typing import List

import cv2
import numpy as np

OPENCV_DATA = '/usr/share/doc/opencv-doc/examples/data'
CLIP_FRAMES = 40
MULTIPLE = 8
STILL_NOISE_STD = 0.02
SPRITE_RADIUS = 28
SPRITE_STEP = 4


def fit_multiple(image: np.ndarray, multiple: int = MULTIPLE) -> np.ndarray:
    h, w = image.shape[:2]
    return image[:h - h % multiple, :w - w % multiple]


def read_clip(name: str, frames: int = CLIP_FRAMES, skip: int = 0, scale: float = 1.0) -> List[np.ndarray]:
    """`frames` frames of an opencv-doc clip after `skip`, resized by `scale` (area)."""
    path = os.path.join(OPENCV_DATA, name)
    capture = cv2.VideoCapture(path)
    result = []
    index = 0
    while len(result) < frames:
        ok, frame = capture.read()
        if not ok:
            break
        index += 1
        if index <= skip:
            continue
        if scale != 1.0:
            frame = cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        result.append(fit_multiple(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB).astype(np.float32) / 255.0))
    if len(result) < 2:
        raise FileNotFoundError(f'cannot read frames of {path} (install the opencv-doc package)')
    return result


def still_photo_clip(photo: np.ndarray, sprite_source: np.ndarray, frames: int = CLIP_FRAMES,
                     seed: int = 7, with_sprite: bool = True) -> List[np.ndarray]:
    """A locked-off shot of `photo` (float RGB) with Gaussian sensor noise drawn afresh per frame and a
    disc cut from `sprite_source` moving SPRITE_STEP px per frame from left to right across the middle
    (without it: the same shot and noise with nothing crossing, the background's own look)."""
    photo = fit_multiple(photo)
    h, w = photo.shape[:2]
    sprite_side = 2 * SPRITE_RADIUS
    sprite = cv2.resize(sprite_source, (sprite_side, sprite_side), interpolation=cv2.INTER_AREA)
    yy, xx = np.mgrid[:sprite_side, :sprite_side]
    disc = (((yy - SPRITE_RADIUS + 0.5) ** 2 + (xx - SPRITE_RADIUS + 0.5) ** 2) <= SPRITE_RADIUS ** 2)[..., None]
    rng = np.random.default_rng(seed)
    top = h // 2 - SPRITE_RADIUS
    result = []
    for t in range(frames):
        frame = photo.copy()
        left = (8 + SPRITE_STEP * t) % (w - sprite_side)
        window = frame[top:top + sprite_side, left:left + sprite_side]
        if with_sprite:
            frame[top:top + sprite_side, left:left + sprite_side] = np.where(disc, sprite, window)
        noisy = frame + rng.normal(0, STILL_NOISE_STD, frame.shape).astype(np.float32)
        result.append(np.clip(noisy, 0, 1))
    return result


def graphic_style(size: int = 256) -> np.ndarray:
    """High-contrast graphic style: black/white diagonal stripes next to flat red, yellow and blue fields."""
    image = np.ones((size, size, 3), np.float32)
    yy, xx = np.mgrid[:size, :size]
    stripes = ((xx + yy) // 12) % 2 == 0
    half = size // 2
    image[:half, :half] = np.where(stripes[:half, :half, None], 0.0, 1.0)
    image[:half, half:] = (0.85, 0.1, 0.1)
    image[half:, :half] = (0.95, 0.8, 0.1)
    image[half:, half:] = (0.1, 0.2, 0.7)
    image[half - 4:half + 4] = 0.0
    image[:, half - 4:half + 4] = 0.0
    return image
