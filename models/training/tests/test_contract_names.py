"""contract_names.py spells the ONNX names exactly as src/engine/inference/modelContract.ts does."""
import json
import subprocess

from contract.names import MANIFEST_VERSION, STYLE_INPUT, STYLIZER_INPUTS, STYLIZER_OUTPUTS
from manifest_check import REPO_ROOT

READ_CONSTANTS = """
require('./models/training/tests/ts_require');
const c = require('./src/engine/inference/modelContract.ts');
process.stdout.write(JSON.stringify({
  style: c.STYLE_INPUT, version: c.MANIFEST_VERSION,
  inputs: [c.CONTENT_INPUT, c.ALPHA_INPUT, 'style_cov', 'style_mean', c.CONTENT_MEAN, c.CONTENT_STD, c.USE_CONTENT_STATS],
  outputs: [c.STYLIZED_OUTPUT, c.CONTENT_MEAN_OUTPUT, c.CONTENT_STD_OUTPUT],
}));
"""


def test_names_match_the_engine_contract():
    done = subprocess.run(['node', '-e', READ_CONSTANTS], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    engine = json.loads(done.stdout)
    assert engine == {'style': STYLE_INPUT, 'version': MANIFEST_VERSION, 'inputs': STYLIZER_INPUTS,
                      'outputs': STYLIZER_OUTPUTS}
