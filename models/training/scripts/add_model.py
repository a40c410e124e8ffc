"""Installs an exported or converted model folder into a models folder's models.json.

    python3 models/training/scripts/add_model.py DIR [--models-dir models] [--replace] [--default]

DIR holds model-entry.json and the graphs it names (<id>/style_encoder.onnx, <id>/stylizer.onnx),
as contract/export.py and convert_ccpl.py write them; contract/manifest.py says how they are installed
(atomically, models.json last; --replace keeps the replaced mode's hand-written modeGuide).
"""
import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # models/training, run as a script

from contract.manifest import MANIFEST_FILE, InstallError, install  # noqa: E402
from paths import MODELS_DIR  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('source_dir', metavar='DIR', help='folder with model-entry.json and the graphs')
    parser.add_argument('--models-dir', default=MODELS_DIR,
                        help='models folder holding models.json (default: the repository\'s models/)')
    parser.add_argument('--replace', action='store_true', help='overwrite a mode with the same id')
    parser.add_argument('--default', action='store_true', help='make this mode the default one')
    args = parser.parse_args()
    try:
        entry = install(args.source_dir, args.models_dir, args.replace, args.default)
    except InstallError as error:
        print(f'add_model: {error}', file=sys.stderr)
        return 1
    print(f'installed mode "{entry["id"]}" into {Path(args.models_dir) / MANIFEST_FILE}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
