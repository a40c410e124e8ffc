"""Ghosts of a temporal stabilizer on the sprite clip (data/clips.still_photo_clip): does the output
keep a mark where the sprite was, compared with the same shot rendered with nothing crossing it?
Inputs are float HxWx3 frames in [0,1]; the sprite's path is clips.SPRITE_STEP px per frame."""
from typing import List

import numpy as np

from data import clips

GHOST_DELAY = 5


def ghost_ratio(inputs: List[np.ndarray], outputs: List[np.ndarray], empty_outputs: List[np.ndarray]) -> float:
    """How far the output is from the background's own look (the same shot rendered with nothing
    crossing it) where the sprite was GHOST_DELAY frames ago and is no longer, over the same distance in
    background the sprite never touched. 1 or less: no ghost."""
    top = inputs[0].shape[0] // 2 - clips.SPRITE_RADIUS
    side = 2 * clips.SPRITE_RADIUS
    span = inputs[0].shape[1] - side
    touched = np.zeros(inputs[0].shape[:2], bool)
    vacated_distances, never_distances = [], []
    for t in range(len(inputs)):
        left = (8 + clips.SPRITE_STEP * t) % span
        touched[top:top + side, left:left + side] = True
        if t < GHOST_DELAY:
            continue
        then = (8 + clips.SPRITE_STEP * (t - GHOST_DELAY)) % span
        vacated = np.zeros_like(touched)
        vacated[top:top + side, then:then + side] = True
        vacated[:, left - 8:left + side + 8] = False
        distance = np.abs(outputs[t] - empty_outputs[t]).mean(axis=2)
        if vacated.any():
            vacated_distances.append(distance[vacated].mean())
        never_distances.append(distance[~touched].mean())
    return float(np.mean(vacated_distances) / max(np.mean(never_distances), 1e-9))


def trail_ratio(inputs: List[np.ndarray], outputs: List[np.ndarray], empty_outputs: List[np.ndarray]) -> float:
    """The ghost measure that the network's own halo does not dominate: the distance to the background's
    own look in the strip the sprite left GHOST_DELAY to 8 frames ago, over the same in the strip it
    will reach in as many frames (the same distance ahead: as near the sprite, never touched). The
    network paints a halo around the sprite on both sides; only a ghost makes the trailing side worse.
    1 or less: no ghost."""
    top = inputs[0].shape[0] // 2 - clips.SPRITE_RADIUS
    side = 2 * clips.SPRITE_RADIUS
    span = inputs[0].shape[1] - side
    near, far = GHOST_DELAY * clips.SPRITE_STEP, 8 * clips.SPRITE_STEP
    trailing, leading = [], []
    for t in range(GHOST_DELAY, len(inputs)):
        left = (8 + clips.SPRITE_STEP * t) % span
        if left - far < 0 or left + side + far > inputs[0].shape[1]:
            continue
        distance = np.abs(outputs[t] - empty_outputs[t]).mean(axis=2)[top:top + side]
        trailing.append(distance[:, left - far:left - near].mean())
        leading.append(distance[:, left + side + near:left + side + far].mean())
    return float(np.mean(trailing) / max(np.mean(leading), 1e-9))
