"""How far a stylized image moved towards its style, measured with the frozen Darknet-tiny (the only
ImageNet network here, also the training loss network): per-channel mean/std distances at five taps
(1/1 .. 1/16). The headline "style cut" is scale-balanced: per tap, 1 - (distance of the outputs) /
(distance of the unstylised contents), summed over all pairs, then averaged over the taps. The plain
sum over taps ("raw cut") is dominated by the 1/2 tap, i.e. mostly by colour."""
from typing import Dict, Sequence

import numpy as np
import torch

from losses import terms
from losses.darknet_tiny import DarknetTiny

STYLE_TAPS = ['leaky_re_lu_1', 'leaky_re_lu_2', 'leaky_re_lu_4', 'leaky_re_lu_8', 'leaky_re_lu_12']
# Two outputs of one content count as "clearly different" above this mean absolute RGB difference.
MIN_STYLE_DIFFERENCE = 0.03
MIN_OWN_STYLE_CLOSER = 0.75


def style_distances(loss_net: DarknetTiny, image: torch.Tensor, style: torch.Tensor) -> np.ndarray:
    """AdaIN (mean/std MSE) distance per tap."""
    with torch.no_grad():
        return np.array([float(terms.adain_style_loss([a], [b])) for a, b in
                         zip(loss_net.features(image, STYLE_TAPS), loss_net.features(style, STYLE_TAPS))])


def style_cuts(distances: Sequence[np.ndarray], content_distances: Sequence[np.ndarray]):
    """(scale-balanced cut, raw cut) of a set of pairs against the unstylised contents."""
    total, reference = np.sum(distances, axis=0), np.sum(content_distances, axis=0)
    return float(1 - np.mean(total / reference)), float(1 - total.sum() / reference.sum())


def colour_transfer(content: torch.Tensor, style: torch.Tensor) -> torch.Tensor:
    """The plain baseline: per-channel RGB mean/std of the content matched to the style's."""
    c_mean, c_std = terms.mean_std(content)
    s_mean, s_std = terms.mean_std(style)
    return ((content - c_mean) / c_std * s_std + s_mean).clamp(0, 1)


def two_styles_check(content: torch.Tensor, outputs: Dict[str, torch.Tensor], styles: Dict[str, torch.Tensor],
                     loss_net: DarknetTiny):
    """For one content stylized with each style: the mean absolute difference between outputs of two
    different styles, and how often an output is closer to its own style than to the other one
    (scale-balanced style distance, relative to the content's). A style-blind model gives ~0 and 0.5."""
    names = list(outputs)
    reference = {name: style_distances(loss_net, content, styles[name]) for name in names}
    relative = {(a, b): float(np.mean(style_distances(loss_net, outputs[a], styles[b]) / reference[b]))
                for a in names for b in names}
    differences, closer = [], []
    for a in names:
        for b in names:
            if a == b:
                continue
            differences.append(float((outputs[a] - outputs[b]).abs().mean()))
            closer.append(relative[(a, a)] < relative[(a, b)])
    return float(np.mean(differences)), float(np.mean(closer))
