"""A models folder's models.json: installs an exported or converted model folder into it (the library
behind scripts/add_model.py, ship.py and make_fixture_models.py).

The graphs are copied to <models-dir>/<id>/ and the entry is merged into <models-dir>/models.json; every
write is temp + rename, and models.json is written last, so a reader sees the old manifest or the new one,
never a partial one. A mode id that is already listed is refused unless replace; a replaced mode keeps its
hand-written modeGuide (what `coherent-style models list` shows) unless the new entry has its own.
"""
import hashlib
import json
from pathlib import Path
from typing import Dict, Optional

from contract.export import ENTRY_FILE, write_bytes_atomic, write_json_atomic
from contract.names import MANIFEST_VERSION

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
