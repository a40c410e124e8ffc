"""Every committed graph pair, the shipped modes (models/models.json) and the engine's test fixtures,
takes and returns exactly the tensors models/contract.json names: the engine feeds and reads them by
those names (src/engine/inference/modelContract.ts imports the same file), so a renamed tensor in the
contract without re-exported graphs, or a graph exported under other names, fails here."""
import json
from pathlib import Path

import onnx
import pytest

from contract.names import MANIFEST_VERSION, STYLE_INPUT, STYLE_STATISTICS, STYLIZER_INPUTS, STYLIZER_OUTPUTS
from paths import MODELS_DIR, REPO_ROOT

MODELS_FOLDERS = [Path(MODELS_DIR), Path(REPO_ROOT) / 'test' / 'fixtures' / 'models']
# The stylizer's own inputs; the style statistics it also takes are each entry's styleStatistics.
STYLIZER_OWN_INPUTS = [name for name in STYLIZER_INPUTS if name not in STYLE_STATISTICS]


def entries():
    for folder in MODELS_FOLDERS:
        manifest = json.loads((folder / 'models.json').read_text())
        assert manifest['version'] == MANIFEST_VERSION, folder
        for entry in manifest['models']:
            yield pytest.param(folder, entry, id=f'{folder.relative_to(REPO_ROOT)}:{entry["id"]}')


def tensor_names(graph_file: Path):
    graph = onnx.load(str(graph_file)).graph
    return sorted(value.name for value in graph.input), sorted(value.name for value in graph.output)


@pytest.mark.parametrize('folder, entry', entries())
def test_committed_graphs_use_the_contract_names(folder, entry):
    statistics = entry['styleStatistics']
    assert statistics == STYLE_STATISTICS
    assert tensor_names(folder / entry['styleEncoder']['file']) == ([STYLE_INPUT], sorted(statistics))
    assert tensor_names(folder / entry['stylizer']['file']) == (sorted(STYLIZER_OWN_INPUTS + statistics),
                                                                 sorted(STYLIZER_OUTPUTS))
