"""The steadiness report's ghost measures, on synthetic outputs whose answer is known."""
import numpy as np

from data import clips
from evaluation.ghosts import trail_ratio

FRAMES = 16
HEIGHT, WIDTH = 96, 320


def sprite_left(t: int) -> int:
    return (8 + clips.SPRITE_STEP * t) % (WIDTH - 2 * clips.SPRITE_RADIUS)


def rendered(halo_ahead: float, halo_behind: float, ghost: float):
    """Empty-shot outputs (flat grey) and outputs with a halo of the given strength on each side of the
    sprite, plus a ghost: a mark left wherever the sprite was, fading by half per frame."""
    empty = [np.full((HEIGHT, WIDTH, 3), 0.5, np.float32) for _ in range(FRAMES)]
    inputs = [e.copy() for e in empty]
    outputs = []
    side = 2 * clips.SPRITE_RADIUS
    for t in range(FRAMES):
        frame = empty[t].copy()
        left = sprite_left(t)
        frame[:, max(0, left - 48):left] += halo_behind
        frame[:, left + side:left + side + 48] += halo_ahead
        for back in range(1, t + 1):
            then = sprite_left(t - back)
            frame[:, then:then + clips.SPRITE_STEP] += ghost * 0.5 ** (back / 4)
        outputs.append(frame)
    return inputs, outputs, empty


def test_a_halo_on_both_sides_is_not_a_ghost():
    assert abs(trail_ratio(*rendered(0.05, 0.05, 0.0)) - 1) < 0.05


def test_a_mark_left_behind_the_sprite_is_a_ghost():
    assert trail_ratio(*rendered(0.05, 0.05, 0.1)) > 1.5
