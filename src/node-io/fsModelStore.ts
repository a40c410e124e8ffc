/** The node host's ModelStore: files under one models folder, never outside it. */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { CoherentStyleError } from '../engine/errors';
import { ModelRegistry, type ModelStore } from '../engine/inference/modelRegistry';

export class FsModelStore implements ModelStore {
  readonly location: string;

  constructor(modelsDir: string) {
    this.location = path.resolve(modelsDir);
  }

  async readFile(relPath: string): Promise<Uint8Array> {
    const absolute = this.resolveInside(relPath);
    try {
      const buffer = await readFile(absolute);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        throw new CoherentStyleError('MODEL_MISSING',
          `${relPath} is missing from ${this.location}. Reinstall the plugin or run \`coherent-style models verify\`.`, { cause: e });
      }
      throw new CoherentStyleError('MODEL_MISSING',
        `Could not read ${absolute} (${(e as Error).message}). Check the file's permissions or reinstall the plugin.`, { cause: e });
    }
  }

  /** Rejects absolute paths and any '..' that would leave the models folder. */
  private resolveInside(relPath: string): string {
    const absolute = path.resolve(this.location, relPath);
    const relative = path.relative(this.location, absolute);
    if (path.isAbsolute(relPath) || relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new CoherentStyleError('MANIFEST_INVALID',
        `The model path "${relPath}" points outside the models folder ${this.location}.`);
    }
    return absolute;
  }
}

/** The model registry of a models folder (models.json and the mode folders beside it). */
export async function loadRegistry(modelsDir: string): Promise<ModelRegistry> {
  return ModelRegistry.load(new FsModelStore(modelsDir));
}
