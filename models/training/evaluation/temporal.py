"""Temporal coherence of a stylized clip: the flow-warping error (Lai et al. 2018; Ruder et al.'s
occlusion masks) of consecutive output frames along the INPUT frames' optical flow, as evaluate.py
and steadiness.py report it (float HxWx3 frames in [0,1])."""
from typing import Sequence

import cv2
import numpy as np


def dis_flow(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    flow = cv2.DISOpticalFlow_create(cv2.DISOPTICAL_FLOW_PRESET_MEDIUM)
    return flow.calc(a, b, None)


def warp(image: np.ndarray, flow: np.ndarray) -> np.ndarray:
    """image sampled at x + flow(x) (bilinear)."""
    h, w = flow.shape[:2]
    grid_x, grid_y = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    return cv2.remap(image, grid_x + flow[..., 0], grid_y + flow[..., 1], cv2.INTER_LINEAR,
                     borderMode=cv2.BORDER_REPLICATE)


def valid_flow_mask(forward: np.ndarray, backward: np.ndarray) -> np.ndarray:
    """Pixels whose forward flow lands in the frame and is undone by the backward flow there
    (forward-backward consistency, Sundaram et al. / Ruder et al.); the rest are occluded."""
    h, w = forward.shape[:2]
    back_at_target = warp(backward, forward)
    mismatch = ((forward + back_at_target) ** 2).sum(axis=2)
    magnitude = (forward ** 2).sum(axis=2) + (back_at_target ** 2).sum(axis=2)
    grid_x, grid_y = np.meshgrid(np.arange(w), np.arange(h))
    inside = ((grid_x + forward[..., 0] >= 0) & (grid_x + forward[..., 0] <= w - 1)
              & (grid_y + forward[..., 1] >= 0) & (grid_y + forward[..., 1] <= h - 1))
    return inside & (mismatch <= 0.01 * magnitude + 0.5)


def clip_flows(inputs: Sequence[np.ndarray]):
    """Per consecutive pair of input frames: (forward DIS flow, mask of pixels that are not occluded)."""
    flows = []
    for t in range(len(inputs) - 1):
        gray_a = cv2.cvtColor((inputs[t] * 255).astype(np.uint8), cv2.COLOR_RGB2GRAY)
        gray_b = cv2.cvtColor((inputs[t + 1] * 255).astype(np.uint8), cv2.COLOR_RGB2GRAY)
        forward, backward = dis_flow(gray_a, gray_b), dis_flow(gray_b, gray_a)
        flows.append((forward, valid_flow_mask(forward, backward)))
    return flows


def warping_error(frames: Sequence[np.ndarray], flows) -> float:
    """Summed masked squared error of frame t against frame t+1 warped back by the input frames' flow."""
    total = 0.0
    for t, (forward, mask) in enumerate(flows):
        if mask.any():
            total += ((frames[t] - warp(frames[t + 1], forward)) ** 2).mean(axis=2)[mask].mean()
    return total


def frame_contrast(frames: Sequence[np.ndarray]) -> float:
    """Mean per-frame pixel variance (over channels): what a warping error is divided by to compare clips
    of different contrast, e.g. a dark input and its brighter stylization."""
    return float(np.mean([frame.reshape(-1, 3).var(axis=0).mean() for frame in frames]))


def warping_errors(inputs: Sequence[np.ndarray], outputs: Sequence[np.ndarray]):
    """(input frames' own warping error, the outputs' warping error) along the input frames' flow
    (float HxWx3 frames in [0,1])."""
    flows = clip_flows(inputs)
    return warping_error(inputs, flows), warping_error(outputs, flows)
