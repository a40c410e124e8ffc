"""Runs ONNX graphs through onnxruntime-node (tests/run_onnx.js), the runtime the engine uses."""
import json
import subprocess
import tempfile
from pathlib import Path
from typing import Dict, Optional, Tuple

import numpy as np

RUNNER = Path(__file__).with_name('run_onnx.js')
REPO_ROOT = Path(__file__).resolve().parents[3]


def run_onnx(model: Path, inputs: Dict[str, Tuple[np.ndarray, Optional[int]]],
             outputs: Dict[str, Optional[str]]) -> Dict[str, np.ndarray]:
    """inputs: name -> (float32 array, pad-to-multiple or None); outputs: name -> the padded
    input whose crop to apply, or None. Returns the outputs as float32 arrays."""
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        spec = {'model': str(model), 'inputs': {}, 'outputs': {}}
        for index, (name, (array, multiple)) in enumerate(inputs.items()):
            file = work / f'in{index}.f32'
            np.ascontiguousarray(array, dtype=np.float32).tofile(file)
            spec['inputs'][name] = {'dims': list(array.shape), 'file': str(file)}
            if multiple:
                spec['inputs'][name]['padToMultiple'] = multiple
        for index, (name, crop_like) in enumerate(outputs.items()):
            spec['outputs'][name] = {'file': str(work / f'out{index}.f32')}
            if crop_like:
                spec['outputs'][name]['cropLike'] = crop_like
        spec_file = work / 'spec.json'
        spec_file.write_text(json.dumps(spec))
        done = subprocess.run(['node', str(RUNNER), str(spec_file)], cwd=REPO_ROOT, capture_output=True,
                              text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f'onnxruntime-node failed: {done.stderr}')
        dims = json.loads(done.stdout)
        return {name: np.fromfile(spec['outputs'][name]['file'], dtype=np.float32).reshape(dims[name])
                for name in outputs}
