"""Exports a net (see contract/graphs.py) as the engine's two ONNX graphs plus its models.json entry.

    entry = export(net, out_dir, mode_id, label, description, recommended_short_side, provenance)

writes out_dir/<mode_id>/style_encoder.onnx, out_dir/<mode_id>/stylizer.onnx and
out_dir/model-entry.json, and returns the entry (file paths relative to the models folder).
"""
import hashlib
import io
import json
import os
import re
import tempfile
import warnings
from pathlib import Path
from typing import Dict

import onnx
import torch
from torch.onnx import symbolic_helper

from contract.graphs import StyleEncoderGraph, StylizerGraph
from contract.names import (CONTENT_INPUT, MODE_ID_PATTERN, STYLE_ENCODER_OUTPUTS, STYLE_INPUT, STYLE_STATISTICS,
                            STYLIZED_OUTPUT, STYLIZER_INPUTS, STYLIZER_OUTPUTS)
from contract.webgpu_ops import unsupported_ops

# torch 1.13 exports up to opset 17; onnxruntime-web reads it.
OPSET = 17
ENTRY_FILE = 'model-entry.json'
STYLE_ENCODER_FILE = 'style_encoder.onnx'
STYLIZER_FILE = 'stylizer.onnx'
# The tracing size only fixes the example; H and W stay dynamic. The feature map gets at least 4
# pixels a side (unbiased variance needs 2+) and more than snet's unpadded convs trim.
MIN_TRACE_FEATURE_SIDE = 4
# The mode ids the engine's manifest schema accepts.
MODE_ID = re.compile(MODE_ID_PATTERN)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Temp file in the same folder + rename, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f'.{path.name}.', suffix='.tmp')
    try:
        with os.fdopen(handle, 'wb') as out:
            out.write(data)
        os.chmod(temp, 0o644)  # mkstemp creates 0600; installed models must be readable by the host app
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise


def write_json_atomic(path: Path, value) -> None:
    write_bytes_atomic(path, (json.dumps(value, indent=2) + '\n').encode('utf-8'))


def file_record(models_dir: Path, relative: str) -> Dict[str, object]:
    """The {file, sha256, bytes} record models.json keeps for a graph."""
    data = (models_dir / relative).read_bytes()
    return {'file': relative, 'sha256': hashlib.sha256(data).hexdigest(), 'bytes': len(data)}


# torch padding modes and their ONNX Pad equivalents.
_PAD_MODES = {'constant': 'constant', 'reflect': 'reflect', 'replicate': 'edge'}


def _pad_symbolic(g, image, padding, mode, value):
    """aten::pad as a single ONNX Pad with constant pads. torch 1.13's own symbolic builds the pads
    at run time with ConstantOfShape and a step -1 Slice that its constant folding cannot fold, and
    the WebGPU provider has no ConstantOfShape."""
    torch_pads = symbolic_helper._parse_arg(padding, 'is')
    onnx_mode = _PAD_MODES[symbolic_helper._parse_arg(mode, 's')]
    rank = symbolic_helper._get_tensor_rank(image)
    # torch lists (begin, end) pairs from the last dim backwards; ONNX wants all begins, then all ends.
    begins, ends = [0] * rank, [0] * rank
    for pair in range(len(torch_pads) // 2):
        begins[rank - 1 - pair] = torch_pads[2 * pair]
        ends[rank - 1 - pair] = torch_pads[2 * pair + 1]
    pads = g.op('Constant', value_t=torch.tensor(begins + ends, dtype=torch.int64))
    if onnx_mode != 'constant' or symbolic_helper._is_none(value):
        return g.op('Pad', image, pads, mode_s=onnx_mode)
    fill = g.op('Constant', value_t=torch.tensor(symbolic_helper._parse_arg(value, 'f'), dtype=torch.float32))
    return g.op('Pad', image, pads, fill, mode_s=onnx_mode)


def _without_identities(model: onnx.ModelProto) -> None:
    """torch's exporter shares equal initializers (e.g. all-zero biases) through Identity nodes;
    WebGPU has no Identity kernel, so consumers are pointed at the Identity's input instead."""
    graph_outputs = {output.name for output in model.graph.output}
    renames = {}
    kept = []
    for node in model.graph.node:
        node.input[:] = [renames.get(name, name) for name in node.input]
        if node.op_type == 'Identity' and node.output[0] not in graph_outputs:
            renames[node.output[0]] = node.input[0]
        else:
            kept.append(node)
    del model.graph.node[:]
    model.graph.node.extend(kept)


def _to_onnx(graph: torch.nn.Module, args, input_names, output_names, dynamic_axes) -> bytes:
    buffer = io.BytesIO()
    torch.onnx.register_custom_op_symbolic('aten::pad', _pad_symbolic, OPSET)
    with warnings.catch_warnings():
        # Our Pad's constant pads have no traced shape; harmless, but torch warns three times per pad.
        warnings.filterwarnings('ignore', message='The shape inference of prim::Constant type is missing')
        torch.onnx.export(graph, args, buffer, opset_version=OPSET, input_names=input_names,
                          output_names=output_names, dynamic_axes=dynamic_axes, do_constant_folding=True)
    model = onnx.load_from_string(buffer.getvalue())
    _without_identities(model)
    data = model.SerializeToString()
    onnx.checker.check_model(model, full_check=True)
    problems = unsupported_ops(model)
    if problems:
        raise ValueError(f'graph uses ops the WebGPU provider lacks: {", ".join(problems)}')
    exported = ([i.name for i in model.graph.input], [o.name for o in model.graph.output])
    if exported != (list(input_names), list(output_names)):
        raise ValueError(f'exported inputs and outputs {exported} differ from the contract (models/contract.json)')
    return data


def export_graphs(net, graph_dir: Path) -> None:
    """Writes style_encoder.onnx and stylizer.onnx of `net` into graph_dir."""
    side = net.size_multiple * max(MIN_TRACE_FEATURE_SIDE, net.sct.min_style_feature_size + 1)
    # A private generator, so exporting mid-training leaves the caller's random stream alone.
    image = torch.rand(1, 3, side, side, generator=torch.Generator().manual_seed(0))
    image_axes = {2: 'height', 3: 'width'}
    was_training = net.training
    net.eval()
    with torch.no_grad():
        style_cov, style_mean = StyleEncoderGraph(net)(image)
        channels = style_mean.shape[1]
        stylizer_args = (image, torch.ones(1), style_cov, style_mean, torch.zeros(1, channels, 1, 1),
                         torch.ones(1, channels, 1, 1), torch.zeros(1))
        encoder = _to_onnx(StyleEncoderGraph(net), (image,), [STYLE_INPUT], STYLE_ENCODER_OUTPUTS,
                           {STYLE_INPUT: image_axes})
        stylizer = _to_onnx(StylizerGraph(net), stylizer_args, STYLIZER_INPUTS, STYLIZER_OUTPUTS,
                            {CONTENT_INPUT: image_axes, STYLIZED_OUTPUT: image_axes})
    net.train(was_training)
    write_bytes_atomic(graph_dir / STYLE_ENCODER_FILE, encoder)
    write_bytes_atomic(graph_dir / STYLIZER_FILE, stylizer)


def export(net, out_dir, mode_id: str, label: str, description: str, recommended_short_side: int,
           provenance: str) -> Dict[str, object]:
    """Exports both graphs to out_dir/<mode_id>/ and writes out_dir/model-entry.json; returns the entry."""
    if not MODE_ID.match(mode_id):
        raise ValueError(f'mode id {mode_id!r} must be lowercase letters, digits and dashes, starting with a letter')
    out_dir = Path(out_dir)
    export_graphs(net, out_dir / mode_id)
    entry = {
        'id': mode_id,
        'label': label,
        'description': description,
        'styleEncoder': file_record(out_dir, f'{mode_id}/{STYLE_ENCODER_FILE}'),
        'stylizer': file_record(out_dir, f'{mode_id}/{STYLIZER_FILE}'),
        'sizeMultiple': net.size_multiple,
        'recommendedShortSide': recommended_short_side,
        'styleStatistics': list(STYLE_STATISTICS),
        'contentStatChannels': net.sct.in_channels,
        'provenance': provenance,
    }
    write_json_atomic(out_dir / ENTRY_FILE, entry)
    return entry
