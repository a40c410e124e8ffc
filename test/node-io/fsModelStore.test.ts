import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CoherentStyleError } from '../../src/engine/errors';
import { FsModelStore } from '../../src/node-io/fsModelStore';

describe('FsModelStore', () => {
  let root: string;
  let store: FsModelStore;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'cs-models-'));
    await mkdir(path.join(root, 'models', 'artistic'), { recursive: true });
    await writeFile(path.join(root, 'models', 'artistic', 'stylizer.onnx'), Buffer.from([1, 2, 3]));
    await writeFile(path.join(root, 'secret.txt'), 'outside');
    store = new FsModelStore(path.join(root, 'models'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: CoherentStyleError) => e.code);

  it('reads a file inside the models folder', async () => {
    expect(Array.from(await store.readFile('artistic/stylizer.onnx'))).toEqual([1, 2, 3]);
    expect(store.location).toBe(path.join(root, 'models'));
  });

  it('reports an absent file as MODEL_MISSING with the folder', async () => {
    await expect(store.readFile('artistic/style_encoder.onnx')).rejects.toThrow(/style_encoder\.onnx is missing from .*models/);
    expect(await codeOf(store.readFile('artistic/style_encoder.onnx'))).toBe('MODEL_MISSING');
  });

  it('refuses paths that leave the models folder', async () => {
    expect(await codeOf(store.readFile('../secret.txt'))).toBe('MANIFEST_INVALID');
    expect(await codeOf(store.readFile('artistic/../../secret.txt'))).toBe('MANIFEST_INVALID');
    expect(await codeOf(store.readFile(path.join(root, 'secret.txt')))).toBe('MANIFEST_INVALID');
  });
});
