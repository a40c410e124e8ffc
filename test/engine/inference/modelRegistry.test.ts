import { CoherentStyleError } from '../../../src/engine/errors';
import { ModelRegistry, type ModelStore } from '../../../src/engine/inference/modelRegistry';
import { sha256Hex } from '../../../src/engine/sha256';

/** A models folder held in memory; absent files fail the way every host's store does. */
class MemoryModelStore implements ModelStore {
  readonly location = 'memory';
  constructor(readonly files: Map<string, Uint8Array>) {}
  async readFile(relPath: string): Promise<Uint8Array> {
    const bytes = this.files.get(relPath);
    if (!bytes) throw new CoherentStyleError('MODEL_MISSING', `${relPath} is missing.`);
    return bytes;
  }
}

function graphBytes(seed: number, length = 300): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff);
}

function modelsFolder(): { store: MemoryModelStore; manifest: Record<string, unknown> } {
  const files = new Map<string, Uint8Array>();
  const entry = (id: string, seed: number) => {
    const encoder = graphBytes(seed);
    const stylizer = graphBytes(seed + 1, 500);
    files.set(`${id}/style_encoder.onnx`, encoder);
    files.set(`${id}/stylizer.onnx`, stylizer);
    return {
      id, label: id, description: `${id} mode`,
      styleEncoder: { file: `${id}/style_encoder.onnx`, sha256: sha256Hex(encoder), bytes: encoder.length },
      stylizer: { file: `${id}/stylizer.onnx`, sha256: sha256Hex(stylizer), bytes: stylizer.length },
      sizeMultiple: 8, recommendedShortSide: 512, styleStatistics: ['style_cov', 'style_mean'],
      contentStatChannels: 64, provenance: 'test',
    };
  };
  const manifest = { version: 1, defaultMode: 'artistic', models: [entry('artistic', 1), entry('photorealistic', 7)] };
  files.set('models.json', new TextEncoder().encode(JSON.stringify(manifest)));
  return { store: new MemoryModelStore(files), manifest };
}

async function expectCode(promise: Promise<unknown>, code: string, messagePart?: RegExp): Promise<CoherentStyleError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(CoherentStyleError);
  expect((error as CoherentStyleError).code).toBe(code);
  if (messagePart) expect((error as Error).message).toMatch(messagePart);
  return error as CoherentStyleError;
}

describe('ModelRegistry', () => {
  it('lists modes, finds the default and loads verified graph bytes', async () => {
    const { store } = modelsFolder();
    const registry = await ModelRegistry.load(store);
    expect(registry.modes.map((m) => m.id)).toEqual(['artistic', 'photorealistic']);
    expect(registry.defaultMode.id).toBe('artistic');
    const bytes = await registry.loadGraph(registry.mode('photorealistic'), 'stylizer');
    expect(bytes).toEqual(graphBytes(8, 500));
    expect((await registry.verify()).every((c) => c.ok)).toBe(true);
  });

  it('names the valid modes when asked for an unknown one', async () => {
    const registry = await ModelRegistry.load(modelsFolder().store);
    expect(() => registry.mode('cubist')).toThrow(/Unknown mode "cubist". Choose one of: artistic, photorealistic/);
    try { registry.mode('cubist'); } catch (e) { expect((e as CoherentStyleError).code).toBe('UNKNOWN_MODE'); }
  });

  it('reports a missing manifest and a missing graph as MODEL_MISSING', async () => {
    const { store } = modelsFolder();
    await expectCode(ModelRegistry.load(store, 'elsewhere/models.json'), 'MODEL_MISSING');
    const registry = await ModelRegistry.load(store);
    store.files.delete('artistic/stylizer.onnx');
    await expectCode(registry.loadGraph(registry.mode('artistic'), 'stylizer'), 'MODEL_MISSING');
  });

  it('wraps an unexpected store failure as MODEL_MISSING with the location', async () => {
    const failing: ModelStore = { location: '/models', readFile: async () => { throw new Error('EIO'); } };
    await expectCode(ModelRegistry.load(failing), 'MODEL_MISSING', /Could not read models\.json in \/models \(EIO\)/);
  });

  it('reports a truncated graph as MODEL_TAMPERED with the repair hint', async () => {
    const { store } = modelsFolder();
    const registry = await ModelRegistry.load(store);
    store.files.set('artistic/style_encoder.onnx', graphBytes(1).subarray(0, 299));
    await expectCode(registry.loadGraph(registry.mode('artistic'), 'styleEncoder'), 'MODEL_TAMPERED',
      /299 bytes, expected 300.*coherent-style models verify/);
  });

  it('reports a same-size edited graph as MODEL_TAMPERED', async () => {
    const { store } = modelsFolder();
    const registry = await ModelRegistry.load(store);
    const edited = graphBytes(1);
    edited[150] ^= 1;
    store.files.set('artistic/style_encoder.onnx', edited);
    await expectCode(registry.loadGraph(registry.mode('artistic'), 'styleEncoder'), 'MODEL_TAMPERED', /has been modified/);
  });

  it('verify() reports every bad file instead of stopping at the first', async () => {
    const { store } = modelsFolder();
    const registry = await ModelRegistry.load(store);
    store.files.delete('artistic/stylizer.onnx');
    store.files.set('photorealistic/style_encoder.onnx', new Uint8Array(10));
    const checks = await registry.verify();
    expect(checks.map((c) => [c.mode, c.graph, c.ok, c.error?.code])).toEqual([
      ['artistic', 'styleEncoder', true, undefined],
      ['artistic', 'stylizer', false, 'MODEL_MISSING'],
      ['photorealistic', 'styleEncoder', false, 'MODEL_TAMPERED'],
      ['photorealistic', 'stylizer', true, undefined],
    ]);
  });

  it('rejects a manifest that is not JSON', async () => {
    const { store } = modelsFolder();
    store.files.set('models.json', new TextEncoder().encode('{"version": 1,'));
    await expectCode(ModelRegistry.load(store), 'MANIFEST_INVALID', /models\.json is not valid JSON/);
  });

  it('rejects an invalid manifest naming the offending field', async () => {
    const { store, manifest } = modelsFolder();
    const models = manifest.models as Array<Record<string, unknown>>;
    models[1] = { ...models[1], stylizer: { file: '../../etc/passwd', sha256: 'ABC', bytes: 3 } };
    store.files.set('models.json', new TextEncoder().encode(JSON.stringify(manifest)));
    const error = await expectCode(ModelRegistry.load(store), 'MANIFEST_INVALID');
    expect(error.message).toMatch(/models\.1\.stylizer\.file: must be a path inside models\//);
    expect(error.message).toMatch(/models\.1\.stylizer\.sha256: must be a lowercase hex sha256/);
  });

  it('rejects a default mode that is not listed', async () => {
    const { store, manifest } = modelsFolder();
    store.files.set('models.json', new TextEncoder().encode(JSON.stringify({ ...manifest, defaultMode: 'cubist' })));
    await expectCode(ModelRegistry.load(store), 'MANIFEST_INVALID', /defaultMode must name a listed model/);
  });
});
