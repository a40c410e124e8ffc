"""Training losses of the light CCPL family, all on Darknet-tiny features.

- content_loss: MSE between mean/std-normalised features (CCPL's content loss; raw feature MSE
  stayed flat at the deepest Darknet tap in the first trial run).
- adain_style_loss: MSE of per-channel means and stds (AdaIN/CCPL style loss).
- CCPLoss: Contrastive Coherence Preserving Loss (Wu et al., ECCV 2022): difference vectors between
  sampled centres and their 8 neighbours, an MLP head per layer, PatchNCE against the content's
  difference vectors at the same positions (keys detached).
- gram_loss / feature_mse: the perceptual loss of the artistic-soft mode.
- grid_energy: the 8 px pattern fixed to the frame origin (the grid a stride-8 network can leave).
- colour_distribution_loss: sliced Wasserstein distance between the RGB pixel distributions of output
  and style (the photorealistic mode's colour term: a guided filter after the network narrows the
  colours, and Darknet's statistics barely see the distribution's shape).
"""
from typing import List, Sequence

import torch
import torch.nn.functional as F
from torch import nn

STAT_EPS = 1e-5
# The 8 neighbours of a centre as (dy, dx).
NEIGHBOUR_OFFSETS = [(-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1)]


def mean_std(feat: torch.Tensor):
    """Per-channel spatial mean and std, [N, C, 1, 1] each."""
    mean = feat.mean(dim=(2, 3), keepdim=True)
    std = (feat.var(dim=(2, 3), keepdim=True, unbiased=False) + STAT_EPS).sqrt()
    return mean, std


def normalised(feat: torch.Tensor) -> torch.Tensor:
    mean, std = mean_std(feat)
    return (feat - mean) / std


def content_loss(output_feats: Sequence[torch.Tensor], content_feats: Sequence[torch.Tensor]) -> torch.Tensor:
    return sum(F.mse_loss(normalised(o), normalised(c)) for o, c in zip(output_feats, content_feats))


def _stat_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    a_mean, a_std = mean_std(a)
    b_mean, b_std = mean_std(b)
    return F.mse_loss(a_mean, b_mean) + F.mse_loss(a_std, b_std)


def adain_style_loss(output_feats: Sequence[torch.Tensor], style_feats: Sequence[torch.Tensor]) -> torch.Tensor:
    """Sum over taps of the per-channel mean and std MSE."""
    return sum(_stat_distance(o, s) for o, s in zip(output_feats, style_feats))


def relative_style_loss(output_feats: Sequence[torch.Tensor], style_feats: Sequence[torch.Tensor],
                        content_feats: Sequence[torch.Tensor]) -> torch.Tensor:
    """Mean over taps of the AdaIN distance to the style divided by the content's own distance to it.
    Raw Darknet distances differ by 20x between taps (the 1/2 tap, mostly colour, dominates a plain
    sum), so each tap is measured against what stylisation has to close there: 1 = unstylised, 0 = matched."""
    ratios = [_stat_distance(o, s) / _stat_distance(c, s).detach().clamp_min(STAT_EPS)
              for o, s, c in zip(output_feats, style_feats, content_feats)]
    return sum(ratios) / len(ratios)


def gram(feat: torch.Tensor) -> torch.Tensor:
    n, c, h, w = feat.shape
    flat = feat.flatten(2)
    return torch.bmm(flat, flat.transpose(1, 2)) / (c * h * w)


def gram_loss(output_feats: Sequence[torch.Tensor], style_feats: Sequence[torch.Tensor]) -> torch.Tensor:
    """Per-image Gram-matrix MSE, weight 1 per tap."""
    return sum(F.mse_loss(gram(o), gram(s)) for o, s in zip(output_feats, style_feats))


def feature_mse(output_feats: Sequence[torch.Tensor], content_feats: Sequence[torch.Tensor]) -> torch.Tensor:
    return sum(F.mse_loss(o, c) for o, c in zip(output_feats, content_feats))


def grid_energy(image: torch.Tensor, period: int = 8) -> torch.Tensor:
    """Energy of what repeats every `period` pixels, fixed to the image origin: the high-passed image
    (minus its 9x9 mean, so the picture's own shapes hardly count) averaged over all period x period
    blocks (a [N, C, period, period] pattern) minus the pattern's own mean. A network whose coarsest step
    is `period` leaves its grid there; a photograph's pattern averages out."""
    n, c, h, w = image.shape
    detail = image - F.avg_pool2d(F.pad(image, (4, 4, 4, 4), mode='reflect'), 9, stride=1)
    blocks = detail[:, :, :h - h % period, :w - w % period].reshape(n, c, h // period, period, w // period, period)
    pattern = blocks.mean(dim=(2, 4))
    return (pattern - pattern.mean(dim=(2, 3), keepdim=True)).pow(2).mean()


def colour_distribution_loss(output: torch.Tensor, style: torch.Tensor, projections: int = 32) -> torch.Tensor:
    """Per image, the squared sliced Wasserstein-2 distance between the RGB values of the output's pixels
    and the style's, over `projections` random unit directions (drawn from torch's generator, which
    train.py seeds per iteration). Pixel counts may differ: both sorted projections are sampled at the
    same quantiles."""
    directions = F.normalize(torch.randn(3, projections, device=output.device), dim=0)
    out = torch.sort(output.flatten(2).transpose(1, 2) @ directions, dim=1).values
    ref = torch.sort(style.flatten(2).transpose(1, 2) @ directions, dim=1).values
    if ref.shape[1] != out.shape[1]:
        index = torch.linspace(0, ref.shape[1] - 1, out.shape[1], device=output.device).round().long()
        ref = ref[:, index]
    return (out - ref).pow(2).mean()


class CCPLoss(nn.Module):
    """PatchNCE over neighbour-difference vectors; one MLP head Linear(C,C)-ReLU-Linear(C,C/4) per layer."""

    def __init__(self, channels: Sequence[int], num_centres: int = 8, tau: float = 0.07):
        super().__init__()
        self.heads = nn.ModuleList(
            nn.Sequential(nn.Linear(c, c), nn.ReLU(), nn.Linear(c, c // 4)) for c in channels)
        self.num_centres = num_centres
        self.tau = tau

    def sample_positions(self, height: int, width: int, device) -> torch.Tensor:
        """Flat indices [2, num_centres * 8]: row 0 the centres (repeated per neighbour), row 1 the neighbours.
        Centres stay one pixel inside the border so every neighbour exists."""
        inner = torch.randperm((height - 2) * (width - 2), device=device)[:self.num_centres]
        cy = inner // (width - 2) + 1
        cx = inner % (width - 2) + 1
        centres, neighbours = [], []
        for dy, dx in NEIGHBOUR_OFFSETS:
            centres.append(cy * width + cx)
            neighbours.append((cy + dy) * width + (cx + dx))
        return torch.stack([torch.cat(centres), torch.cat(neighbours)])

    def embed(self, feat: torch.Tensor, positions: torch.Tensor, layer: int) -> torch.Tensor:
        """[N, S, C/4] unit-length embeddings of centre-minus-neighbour vectors."""
        flat = feat.flatten(2).transpose(1, 2)  # [N, HW, C]
        difference = flat[:, positions[0]] - flat[:, positions[1]]
        return F.normalize(self.heads[layer](difference), dim=2)

    def patch_nce(self, query: torch.Tensor, key: torch.Tensor) -> torch.Tensor:
        """Each query's positive is the key at its own position; the other keys of the image are negatives."""
        key = key.detach()
        logits = torch.bmm(query, key.transpose(1, 2)) / self.tau  # [N, S, S], positives on the diagonal
        n, s, _ = logits.shape
        targets = torch.arange(s, device=logits.device).repeat(n)
        return F.cross_entropy(logits.flatten(0, 1), targets)

    def forward(self, output_feats: Sequence[torch.Tensor], content_feats: Sequence[torch.Tensor]) -> torch.Tensor:
        total = 0.0
        for layer, (o, c) in enumerate(zip(output_feats, content_feats)):
            positions = self.sample_positions(o.shape[2], o.shape[3], o.device)
            total = total + self.patch_nce(self.embed(o, positions, layer), self.embed(c, positions, layer))
        return total
