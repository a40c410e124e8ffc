/**
 * @jest-environment ./test/support/ortNodeEnvironment.js
 *
 * The two runtimes the hosts inject: onnxruntime-node (provider fallback) and onnxruntime-web
 * on wasm in Node, which must compute what onnxruntime-node computes.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { readFile } from 'node:fs/promises';
import { toPlanarRgb } from '../../../src/engine/images/planar';
import { InProcessStylizeService } from '../../../src/engine/inference/stylizer';
import { nodeProviderCandidates, OrtNodeRuntime } from '../../../src/node-io/ortNodeRuntime';
import { FIXTURE_MODELS_DIR, fixtureRegistry } from '../../support/fixtureModels';
import { syntheticImage } from '../../support/syntheticImages';

describe('OrtNodeRuntime', () => {
  it('tries the GPU providers this platform and build have, then the CPU', () => {
    const all = ['cpu', 'webgpu', 'cuda', 'dml', 'coreml', 'tensorrt'];
    const cudaInstalled = () => true;
    expect(nodeProviderCandidates('linux', all, cudaInstalled)).toEqual(['cuda', 'cpu']);
    expect(nodeProviderCandidates('linux', all, () => false)).toEqual(['cpu']);
    expect(nodeProviderCandidates('win32', all, cudaInstalled)).toEqual(['cuda', 'dml', 'cpu']);
    expect(nodeProviderCandidates('win32', ['cpu', 'dml'])).toEqual(['dml', 'cpu']);
    expect(nodeProviderCandidates('darwin', all)).toEqual(['coreml', 'cpu']);
    expect(nodeProviderCandidates('freebsd', all)).toEqual(['cpu']);
    expect(nodeProviderCandidates().at(-1)).toBe('cpu');
  });

  it('falls back to the CPU when a GPU provider cannot start, and does not retry it', async () => {
    const model = await readFile(path.join(FIXTURE_MODELS_DIR, 'artistic/style_encoder.onnx'));
    // 'coreml' exists only in macOS builds, so on Linux and Windows it fails at session creation like a missing GPU driver would.
    const gpu = process.platform === 'darwin' ? 'cuda' : 'coreml';
    const runtime = new OrtNodeRuntime({ providers: [gpu, 'cpu'] });
    const first = await runtime.createSession(model);
    expect(first.provider).toBe('cpu');
    expect([...runtime.providerFailures.keys()]).toEqual([gpu]);
    expect((await runtime.createSession(model)).provider).toBe('cpu');
    await first.session.release();
  });

  it('reports an unloadable model as INFERENCE_FAILED', async () => {
    const runtime = new OrtNodeRuntime({ providers: ['cpu'] });
    await expect(runtime.createSession(new Uint8Array([1, 2, 3]))).rejects.toMatchObject({ code: 'INFERENCE_FAILED' });
  });
});

describe('OrtWebRuntime (wasm in Node)', () => {
  it('falls back from WebGPU to wasm and matches onnxruntime-node within 1e-4 on the fixture models', async () => {
    const request = {
      mode: 'photorealistic', style: { width: 40, height: 56, seed: 6 }, frame: { width: 75, height: 43, seed: 2 }, strength: 0.6, fakeGpuAdapter: true,
    };
    // onnxruntime-web runs in a child process (see wasmStylizeChild.js for why).
    const child = spawnSync(process.execPath, [path.resolve(__dirname, '../../support/wasmStylizeChild.js'), JSON.stringify(request)],
      { encoding: 'utf8', timeout: 60_000 });
    // stderr may carry the GPU library's own complaints about the missing device; only the exit status counts.
    if (child.status !== 0) throw new Error(`wasm child failed: ${child.stderr}`);
    const web = JSON.parse(child.stdout);
    expect([web.provider, web.label, web.width, web.height]).toEqual(['wasm', 'CPU · wasm', 75, 43]);
    expect(Object.keys(web.failures)).toEqual(['webgpu']); // tried (an adapter exists) and dropped for good
    const bytes = Buffer.from(web.data, 'base64');
    const webData = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);

    const service = new InProcessStylizeService(new OrtNodeRuntime({ providers: ['cpu'], intraOpNumThreads: 1 }), await fixtureRegistry());
    await service.setStyle('job', syntheticImage(40, 56, { seed: 6 }), { mode: request.mode });
    const node = await service.stylizePlanar('job', toPlanarRgb(syntheticImage(75, 43, { seed: 2 })), { strength: request.strength });
    await service.dispose();
    expect(webData.length).toBe(node.data.length);
    let max = 0;
    for (let i = 0; i < node.data.length; i++) max = Math.max(max, Math.abs(node.data[i] - webData[i]));
    expect(max).toBeLessThanOrEqual(1e-4);
  });
});
