"""The engine contract's ONNX tensor names and manifest version, read from models/contract.json, the file
src/engine/inference/modelContract.ts imports: one source for both languages."""
import json
import os

from paths import MODELS_DIR

CONTRACT_FILE = os.path.join(MODELS_DIR, 'contract.json')
with open(CONTRACT_FILE) as _handle:
    _CONTRACT = json.load(_handle)
_STYLIZER_INPUTS, _STYLIZER_OUTPUTS = _CONTRACT['stylizer']['inputs'], _CONTRACT['stylizer']['outputs']

MANIFEST_VERSION = _CONTRACT['manifestVersion']
MODE_ID_PATTERN = _CONTRACT['modeIdPattern']

STYLE_INPUT = _CONTRACT['styleEncoder']['input']
# What an SCT net's style encoder returns; its manifest entry lists them as styleStatistics.
STYLE_STATISTICS = list(_CONTRACT['styleEncoder']['sctStyleStatistics'])
STYLE_ENCODER_OUTPUTS = STYLE_STATISTICS

CONTENT_INPUT = _STYLIZER_INPUTS['content']
STYLIZED_OUTPUT = _STYLIZER_OUTPUTS['stylized']
# In the order of contract.graphs.StylizerGraph.forward's arguments and results: the exporter names them by position.
STYLIZER_INPUTS = [CONTENT_INPUT, _STYLIZER_INPUTS['alpha'], *STYLE_STATISTICS, _STYLIZER_INPUTS['contentMean'],
                   _STYLIZER_INPUTS['contentStd'], _STYLIZER_INPUTS['useContentStats']]
# ONNX names are single assignment, so the statistics the stylizer used cannot reuse the input names.
STYLIZER_OUTPUTS = [STYLIZED_OUTPUT, _STYLIZER_OUTPUTS['usedContentMean'], _STYLIZER_OUTPUTS['usedContentStd']]
