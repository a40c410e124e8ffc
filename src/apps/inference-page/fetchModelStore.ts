/** The page's ModelStore: model files fetched from a base URL (the plugin's models folder). */
import { CoherentStyleError } from '../../engine/errors';
import type { ModelStore } from '../../engine/inference/modelRegistry';

export class FetchModelStore implements ModelStore {
  readonly location: string;

  constructor(baseUrl: string, private readonly fetchFn: typeof fetch = fetch.bind(globalThis)) {
    this.location = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  }

  async readFile(relPath: string): Promise<Uint8Array> {
    if (relPath.startsWith('/') || relPath.split('/').includes('..') || /^[a-z]+:/i.test(relPath)) {
      throw new CoherentStyleError('MANIFEST_INVALID', `The model path "${relPath}" points outside the models folder ${this.location}.`);
    }
    const url = new URL(relPath, new URL(this.location, globalThis.location?.href)).href;
    let response: Response;
    try {
      response = await this.fetchFn(url);
    } catch (e) {
      throw new CoherentStyleError('MODEL_MISSING', `Could not fetch ${url} (${(e as Error).message}). Reinstall the plugin.`, { cause: e });
    }
    if (!response.ok) {
      throw new CoherentStyleError('MODEL_MISSING', `${relPath} is missing from ${this.location} (HTTP ${response.status}). Reinstall the plugin.`);
    }
    return new Uint8Array(await response.arrayBuffer());
  }
}
