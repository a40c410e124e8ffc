"""ONNX op types the exported graphs may use: those onnxruntime-web's WebGPU execution provider
implements (js/web/docs/webgpu-operators.md of microsoft/onnxruntime), restricted to the ones our
networks can produce, plus Constant, which onnxruntime folds into initializers when it loads a
model. An op outside this set would make the WebView fall back to WASM for part of the graph, or
fail, so export refuses it."""
from typing import Iterable, List

import onnx

WEBGPU_OP_TYPES = frozenset({
    'Add', 'AveragePool', 'Cast', 'Clip', 'Concat', 'Constant', 'Conv', 'Div', 'Expand', 'Flatten', 'Gather',
    'LeakyRelu', 'MatMul', 'MaxPool', 'Mul', 'Pad', 'ReduceMean', 'ReduceSum', 'Relu', 'Reshape', 'Resize',
    'Shape', 'Sigmoid', 'Slice', 'Sqrt', 'Squeeze', 'Sub', 'Tanh', 'Transpose', 'Unsqueeze',
})


def unsupported_ops(model: onnx.ModelProto) -> List[str]:
    """Op types (sorted, unique) in the model that WebGPU lacks, or MaxPool with ceil_mode, which
    the padded inputs never need and which differs from floor pooling at the border."""
    problems = set()
    for node in _all_nodes(model.graph.node):
        if node.domain not in ('', 'ai.onnx') or node.op_type not in WEBGPU_OP_TYPES:
            problems.add(f'{node.domain}:{node.op_type}' if node.domain else node.op_type)
        if node.op_type == 'MaxPool' and any(a.name == 'ceil_mode' and a.i for a in node.attribute):
            problems.add('MaxPool(ceil_mode=1)')
    return sorted(problems)


def _all_nodes(nodes: Iterable[onnx.NodeProto]):
    """Nodes including those in subgraphs (If/Loop bodies), so nothing escapes the check."""
    for node in nodes:
        yield node
        for attribute in node.attribute:
            if attribute.type == onnx.AttributeProto.GRAPH:
                yield from _all_nodes(attribute.g.node)
            for graph in attribute.graphs:
                yield from _all_nodes(graph.node)
