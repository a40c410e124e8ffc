"""Every exported graph uses only ops the onnxruntime-web WebGPU provider implements, and no
ceil-mode pooling."""
from pathlib import Path

import onnx
import pytest

from contract.webgpu_ops import unsupported_ops

FIXTURES = Path(__file__).resolve().parents[3] / 'test' / 'fixtures' / 'models'


def fixture_graphs():
    return sorted(FIXTURES.glob('*/*.onnx'))


@pytest.mark.parametrize('graph', fixture_graphs(), ids=lambda path: f'{path.parent.name}/{path.name}')
def test_fixture_graphs_use_webgpu_ops_only(graph):
    model = onnx.load(str(graph))
    onnx.checker.check_model(model, full_check=True)
    assert unsupported_ops(model) == []


def test_converted_graphs_use_webgpu_ops_only(converted):
    _, _, out = converted
    graphs = sorted(out.glob('*/*.onnx'))
    assert len(graphs) == 2
    for graph in graphs:
        model = onnx.load(str(graph))
        onnx.checker.check_model(model)
        assert unsupported_ops(model) == [], graph.name


def test_the_check_catches_foreign_ops_and_ceil_pooling():
    pool = onnx.helper.make_node('MaxPool', ['x'], ['y'], kernel_shape=[2, 2], strides=[2, 2], ceil_mode=1)
    topk = onnx.helper.make_node('NonMaxSuppression', ['y'], ['z'])
    graph = onnx.helper.make_graph([pool, topk], 'g', [], [])
    assert unsupported_ops(onnx.helper.make_model(graph)) == ['MaxPool(ceil_mode=1)', 'NonMaxSuppression']
