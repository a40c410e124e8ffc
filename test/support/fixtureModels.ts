/** The tiny random fixture models (test/fixtures/models, made by models/training/scripts/make_fixture_models.py) behind real runtimes. */
import * as path from 'node:path';
import { ModelRegistry } from '../../src/engine/inference/modelRegistry';
import { InProcessStylizeService, type InProcessStylizerOptions } from '../../src/engine/inference/stylizer';
import { FsModelStore } from '../../src/node-io/fsModelStore';
import { OrtNodeRuntime } from '../../src/node-io/ortNodeRuntime';

export const FIXTURE_MODELS_DIR = path.resolve(__dirname, '../fixtures/models');

export function fixtureRegistry(modelsDir = FIXTURE_MODELS_DIR): Promise<ModelRegistry> {
  return ModelRegistry.load(new FsModelStore(modelsDir));
}

/** An in-process stylizer on onnxruntime-node's CPU provider over the fixture models. */
export async function fixtureStylizer(options: InProcessStylizerOptions = {}, modelsDir = FIXTURE_MODELS_DIR): Promise<InProcessStylizeService> {
  return new InProcessStylizeService(new OrtNodeRuntime({ providers: ['cpu'], intraOpNumThreads: 1 }), await fixtureRegistry(modelsDir), options);
}
