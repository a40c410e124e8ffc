"""Installs an exported or converted model folder into a models folder's models.json.

    python3 models/training/add_model.py DIR [--models-dir models] [--replace] [--default]

DIR holds model-entry.json and the graphs it names (<id>/style_encoder.onnx, <id>/stylizer.onnx),
as export.py and convert_ccpl.py write them. The graphs are copied to <models-dir>/<id>/ and the
entry is merged into <models-dir>/models.json; every write is temp + rename, and models.json is
written last, so a reader sees the old manifest or the new one, never a partial one. A mode id that
is already listed is refused unless --replace; a replaced mode keeps its hand-written modeGuide (what
`coherent-style models list` shows) unless the new entry has its own.
"""
import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Dict, Optional

from contract_names import MANIFEST_VERSION
from export import ENTRY_FILE, write_bytes_atomic, write_json_atomic

MANIFEST_FILE = 'models.json'
GRAPH_KEYS = ('styleEncoder', 'stylizer')


class InstallError(Exception):
    pass


def read_entry(source_dir: Path) -> Dict[str, object]:
    """The folder's entry, after checking that each graph it names is there with the recorded hash."""
    entry_path = source_dir / ENTRY_FILE
    if not entry_path.is_file():
        raise InstallError(f'{entry_path} not found: export or convert the model first')
    entry = json.loads(entry_path.read_text())
    for key in GRAPH_KEYS:
        record = entry[key]
        graph = source_dir / record['file']
        if not graph.is_file():
            raise InstallError(f'{graph} named by {entry_path} is missing')
        data = graph.read_bytes()
        if hashlib.sha256(data).hexdigest() != record['sha256'] or len(data) != record['bytes']:
            raise InstallError(f'{graph} does not match the sha256/bytes in {entry_path}')
    return entry


def merged_manifest(manifest: Optional[Dict[str, object]], entry: Dict[str, object], replace: bool,
                    make_default: bool) -> Dict[str, object]:
    """manifest with entry added (or swapped in place when replace); a new manifest defaults to it."""
    if manifest is None:
        manifest = {'version': MANIFEST_VERSION, 'defaultMode': entry['id'], 'models': []}
    models = list(manifest['models'])
    ids = [model['id'] for model in models]
    if entry['id'] in ids:
        if not replace:
            raise InstallError(f'mode "{entry["id"]}" is already installed; pass --replace to overwrite it')
        replaced = models[ids.index(entry['id'])]
        if 'modeGuide' in replaced and 'modeGuide' not in entry:
            entry = {**entry, 'modeGuide': replaced['modeGuide']}
        models[ids.index(entry['id'])] = entry
    else:
        models.append(entry)
    default = entry['id'] if make_default else manifest['defaultMode']
    return {'version': manifest['version'], 'defaultMode': default, 'models': models}


def install(source_dir, models_dir, replace: bool = False, make_default: bool = False) -> Dict[str, object]:
    """Copies the graphs and merges the entry; returns the entry."""
    source_dir, models_dir = Path(source_dir), Path(models_dir)
    entry = read_entry(source_dir)
    manifest_path = models_dir / MANIFEST_FILE
    existing = json.loads(manifest_path.read_text()) if manifest_path.is_file() else None
    # Check for a duplicate before touching any file.
    manifest = merged_manifest(existing, entry, replace, make_default)
    for key in GRAPH_KEYS:
        relative = entry[key]['file']
        write_bytes_atomic(models_dir / relative, (source_dir / relative).read_bytes())
    write_json_atomic(manifest_path, manifest)
    return entry


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('source_dir', metavar='DIR', help='folder with model-entry.json and the graphs')
    parser.add_argument('--models-dir', default=str(Path(__file__).resolve().parents[1]),
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
