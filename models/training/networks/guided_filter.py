"""Guided filter (He, Sun and Tang, 2010/2013) as the photorealistic refinement of the stylized frame,
with the content frame as guide: the output is, in every (2r+1)^2 window, a linear function of the
content's luma, fitted to the stylized frame. It keeps the stylized colours and tones, and takes the
edges and texture from the photograph (FastPhotoStyle's photo smoothing, in its fast local form).

Box means are separable depthwise convolutions with constant kernels over edge-replicated padding
(Pad + Conv: both on the WebGPU op list, which has no cumulative sum, and AveragePool cannot replicate
edges); the fast form's block means are an unpadded AveragePool. So the filter is local: a tile with an overlap of at least 2r pixels (plus one subsampled pixel for the
fast form) gives the whole frame's result.
"""
import torch
import torch.nn.functional as F
from torch import nn


class BoxMean(nn.Module):
    """Mean over a (2r+1) x (2r+1) window, edge-replicated at the border, per channel."""

    def __init__(self, radius: int, channels: int):
        super().__init__()
        side = 2 * radius + 1
        self.radius = radius
        self.register_buffer('row', torch.full((channels, 1, 1, side), 1.0 / side), persistent=False)
        self.register_buffer('column', torch.full((channels, 1, side, 1), 1.0 / side), persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        r, channels = self.radius, self.row.shape[0]
        x = F.conv2d(F.pad(x, (r, r, 0, 0), mode='replicate'), self.row, groups=channels)
        return F.conv2d(F.pad(x, (0, 0, r, r), mode='replicate'), self.column, groups=channels)


class AreaDown(nn.Module):
    """Mean of each factor x factor block (AveragePool with stride = kernel: no padding, so it is the
    exact block mean, and PyTorch runs it about 8x faster than the same strided depthwise conv)."""

    def __init__(self, factor: int):
        super().__init__()
        self.factor = factor

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.avg_pool2d(x, self.factor)


class GuidedFilter(nn.Module):
    """refine(stylized [N,3,H,W], content [N,3,H,W]) with the content's Rec.601 luma as guide.
    radius (full-resolution pixels) sets the window, eps how strongly flat windows are smoothed (in luma
    variance units). strength < 1 blends the filtered frame with the stylized one (a partly painted,
    partly photographic look). subsample > 1 is He and Sun's fast guided filter: the linear
    coefficients are fitted on 1/subsample-size images (area means) and upsampled bilinearly, so the
    filter costs a few full-resolution multiply-adds; H and W must be multiples of subsample (the
    engine pads to the model's sizeMultiple, 8)."""

    def __init__(self, radius: int, eps: float, strength: float = 1.0, subsample: int = 1):
        super().__init__()
        if radius % subsample:
            raise ValueError(f'the radius ({radius}) must be a multiple of subsample ({subsample})')
        self.eps = eps
        self.strength = strength
        self.subsample = subsample
        # Boxed at once: guide, guide^2, the three stylized channels and their products with the guide;
        # then the three slopes and three offsets.
        self.box_statistics = BoxMean(radius // subsample, 8)
        self.box_coefficients = BoxMean(radius // subsample, 6)
        self.down = AreaDown(subsample) if subsample > 1 else None
        self.register_buffer('luma', torch.tensor([0.299, 0.587, 0.114]).view(1, 3, 1, 1), persistent=False)

    def forward(self, stylized: torch.Tensor, content: torch.Tensor) -> torch.Tensor:
        full_guide = (content * self.luma).sum(dim=1, keepdim=True)
        if self.down is None:
            guide, source = full_guide, stylized
        else:
            small = self.down(torch.cat([full_guide, stylized], dim=1))
            guide, source = small[:, :1], small[:, 1:]
        means = self.box_statistics(torch.cat([guide, guide * guide, source, source * guide], dim=1))
        mean_guide, mean_square, mean_stylized, mean_product = means[:, :1], means[:, 1:2], means[:, 2:5], means[:, 5:]
        variance = mean_square - mean_guide * mean_guide
        slope = (mean_product - mean_guide * mean_stylized) / (variance + self.eps)
        offset = mean_stylized - slope * mean_guide
        coefficients = self.box_coefficients(torch.cat([slope, offset], dim=1))
        if self.down is not None:
            coefficients = F.interpolate(coefficients, scale_factor=float(self.subsample), mode='bilinear',
                                         align_corners=False)
        filtered = coefficients[:, :3] * full_guide + coefficients[:, 3:]
        return filtered if self.strength == 1.0 else self.strength * filtered + (1 - self.strength) * stylized
