"""Converts official CCPL checkpoints into the engine's two ONNX graphs plus a models.json entry.

    python3 models/training/scripts/convert_ccpl.py --mode art|photo --vgg VGG.pth --decoder DECODER.pth \
        --sct SCT.pth --out DIR [--id ID] [--label ...] [--description ...]
    python3 models/training/scripts/add_model.py DIR        # installs DIR into models/models.json
"""
import argparse
import hashlib
import os
import sys
from pathlib import Path

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # models/training, run as a script

from contract.export import export  # noqa: E402
from networks.ccpl_official import CCPLNet  # noqa: E402

DEFAULTS = {
    'art': {'id': 'artistic', 'label': 'Artistic',
            'description': 'CCPL artistic mode: strong painterly style from relu4_1 features.'},
    'photo': {'id': 'photorealistic', 'label': 'Photorealistic',
              'description': 'CCPL photo-realistic mode: style colours and tones on relu3_1, structure kept.'},
}
# The official test script stylizes at a 512-pixel short side.
RECOMMENDED_SHORT_SIDE = 512


def checkpoint_summary(path: Path) -> str:
    return f'{path.name} (sha256 {hashlib.sha256(path.read_bytes()).hexdigest()[:16]})'


def load_state_dict(path: Path):
    return torch.load(path, map_location='cpu')


def convert(mode: str, vgg: Path, decoder: Path, sct: Path, out: Path, mode_id: str, label: str,
            description: str, recommended_short_side: int = RECOMMENDED_SHORT_SIDE):
    """Loads the checkpoints into the official networks (floor pooling) and exports them."""
    net = CCPLNet(mode, ceil_mode=False)
    net.load_checkpoints(load_state_dict(vgg), load_state_dict(decoder), load_state_dict(sct))
    provenance = (f'CCPL (Wu et al., ECCV 2022) {mode} mode, converted by models/training/scripts/convert_ccpl.py from '
                  f'vgg {checkpoint_summary(vgg)}, decoder {checkpoint_summary(decoder)}, sct {checkpoint_summary(sct)}')
    return export(net, out, mode_id, label, description, recommended_short_side, provenance)


def main() -> None:
    parser = argparse.ArgumentParser(description='Convert official CCPL checkpoints to the engine ONNX contract.')
    parser.add_argument('--mode', choices=sorted(DEFAULTS), required=True)
    parser.add_argument('--vgg', type=Path, required=True, help='vgg_normalised.pth (the full encoder state_dict)')
    parser.add_argument('--decoder', type=Path, required=True, help='decoder state_dict of this mode')
    parser.add_argument('--sct', type=Path, required=True, help='SCT state_dict of this mode')
    parser.add_argument('--out', type=Path, required=True, help='output folder (graphs + model-entry.json)')
    parser.add_argument('--id', help='mode id in models.json (default: artistic / photorealistic)')
    parser.add_argument('--label', help='name shown to the editor')
    parser.add_argument('--description', help='one-line description shown to the editor')
    parser.add_argument('--recommended-short-side', type=int, default=RECOMMENDED_SHORT_SIDE)
    args = parser.parse_args()
    defaults = DEFAULTS[args.mode]
    entry = convert(args.mode, args.vgg, args.decoder, args.sct, args.out, args.id or defaults['id'],
                    args.label or defaults['label'], args.description or defaults['description'],
                    args.recommended_short_side)
    print(f'wrote mode "{entry["id"]}" to {args.out}; install it with: python3 models/training/scripts/add_model.py {args.out}')


if __name__ == '__main__':
    main()
