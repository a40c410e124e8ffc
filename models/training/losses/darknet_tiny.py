"""Darknet "tiny" ImageNet classifier (ml5's TensorFlow.js Layers export) as a frozen PyTorch loss
network.

Facts from ../shared/data/PROVENANCE.md and model.json: input RGB in [0,1] (no mean/std), 15
blocks of Conv2D(no bias, 'same') -> BatchNorm(eps 1e-3) -> LeakyReLU(0.1), MaxPool 2x2/2 after
blocks 1, 2, 6 and 10, a 1x1 conv to 1000 logits with bias, global average pooling. Class index i
is Darknet's order (imagenet_classes_darknet.json), not Caffe's.

BatchNorm is folded into the conv (inference statistics) so the loss network is 15 plain convs.
Taps are named by the Keras activation they follow: `leaky_re_lu_<block>`.
"""
import json
import os
from typing import Dict, List, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from paths import SHARED_DATA

DARKNET_DIR = os.path.join(SHARED_DATA, 'loss-net', 'darknet-tiny')

LEAKY_SLOPE = 0.1
BATCH_NORM_EPS = 1e-3
# Blocks followed by a 2x2/2 max pool (Keras 'same' padding; inputs here are even, so no padding).
POOL_AFTER = (1, 2, 6, 10)
NUM_BLOCKS = 15


def _read_keras_weights(model_dir: str) -> Dict[str, np.ndarray]:
    """Every tensor of the tfjs weightsManifest, by Keras name ('conv2d_1/kernel' ...)."""
    with open(os.path.join(model_dir, 'model.json')) as handle:
        manifest = json.load(handle)['weightsManifest']
    tensors = {}
    for group in manifest:
        raw = b''.join(open(os.path.join(model_dir, path), 'rb').read() for path in group['paths'])
        offset = 0
        for spec in group['weights']:
            if spec['dtype'] != 'float32':
                raise ValueError(f"unexpected dtype {spec['dtype']} for {spec['name']}")
            count = int(np.prod(spec['shape']))
            tensors[spec['name']] = np.frombuffer(raw, np.float32, count, offset).reshape(spec['shape'])
            offset += count * 4
        if offset != len(raw):
            raise ValueError(f"weight group {group['paths']} has {len(raw) - offset} unread bytes")
    return tensors


def _torch_kernel(keras_kernel: np.ndarray) -> torch.Tensor:
    """Keras [kh, kw, in, out] -> PyTorch [out, in, kh, kw]."""
    return torch.from_numpy(np.ascontiguousarray(keras_kernel.transpose(3, 2, 0, 1)))


class DarknetTiny(nn.Module):
    """Frozen Darknet-tiny. features(x, taps) returns the named activations; forward(x) the logits."""

    def __init__(self, model_dir: str = DARKNET_DIR):
        super().__init__()
        weights = _read_keras_weights(model_dir)
        self.blocks = nn.ModuleList()
        for block in range(1, NUM_BLOCKS + 1):
            kernel = _torch_kernel(weights[f'conv2d_{block}/kernel'])
            prefix = f'batch_normalization_{block}/'
            gamma, beta, mean, variance = (torch.from_numpy(weights[prefix + name].copy())
                                           for name in ('gamma', 'beta', 'moving_mean', 'moving_variance'))
            scale = gamma / torch.sqrt(variance + BATCH_NORM_EPS)
            conv = nn.Conv2d(kernel.shape[1], kernel.shape[0], kernel.shape[2], 1, kernel.shape[2] // 2)
            conv.weight.data.copy_(kernel * scale.view(-1, 1, 1, 1))
            conv.bias.data.copy_(beta - mean * scale)
            self.blocks.append(conv)
        classifier = _torch_kernel(weights['conv2d_16/kernel'])
        self.classifier = nn.Conv2d(classifier.shape[1], classifier.shape[0], 1)
        self.classifier.weight.data.copy_(classifier)
        self.classifier.bias.data.copy_(torch.from_numpy(weights['conv2d_16/bias'].copy()))
        with open(os.path.join(model_dir, 'imagenet_classes_darknet.json')) as handle:
            self.class_names: List[str] = json.load(handle)
        self.requires_grad_(False)
        self.eval()

    def features(self, image: torch.Tensor, taps: Sequence[str]) -> List[torch.Tensor]:
        """Activations named `leaky_re_lu_<n>` for an RGB image batch in [0,1]; stops at the deepest tap."""
        wanted = {int(name.rsplit('_', 1)[1]): index for index, name in enumerate(taps)}
        outputs: List[torch.Tensor] = [None] * len(taps)  # type: ignore[list-item]
        x = image
        for block in range(1, max(wanted) + 1):
            x = F.leaky_relu(self.blocks[block - 1](x), LEAKY_SLOPE)
            if block in wanted:
                outputs[wanted[block]] = x
            if block in POOL_AFTER:
                x = F.max_pool2d(x, 2, 2)
        return outputs

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        x = self.features(image, [f'leaky_re_lu_{NUM_BLOCKS}'])[0]
        return self.classifier(x).mean(dim=(2, 3))

    def top_k(self, image: torch.Tensor, k: int = 5) -> List[List[str]]:
        """Class names of the k highest logits per image."""
        with torch.no_grad():
            indices = self.forward(image).topk(k, dim=1).indices
        return [[self.class_names[i] for i in row.tolist()] for row in indices]
