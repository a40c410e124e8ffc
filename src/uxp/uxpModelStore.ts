/** The plugin's ModelStore: models.json and the ONNX files shipped in the plugin folder's models/. */
import * as path from 'path';
import { CoherentStyleError } from '../engine/errors';
import { describeModeForEditor } from '../engine/inference/modeGuide';
import { ModelRegistry, type ModelStore } from '../engine/inference/modelRegistry';
import type { ModeOption } from '../panel/panelHost';
import { uxp } from './uxpApi';
import { exists, readBytes } from './uxpFiles';

class UxpModelStore implements ModelStore {
  private folder: Promise<string> | undefined;
  readonly location = 'the plugin folder (models/)';

  private modelsFolder(): Promise<string> {
    this.folder ??= uxp().storage.localFileSystem.getPluginFolder().then((f) => path.join(f.nativePath, 'models'));
    return this.folder;
  }

  async readFile(relPath: string): Promise<Uint8Array> {
    if (path.isAbsolute(relPath) || relPath.split(/[\\/]/).includes('..')) {
      throw new CoherentStyleError('MANIFEST_INVALID', `The model path "${relPath}" points outside the plugin's models folder.`);
    }
    const file = path.join(await this.modelsFolder(), ...relPath.split('/'));
    if (!(await exists(file))) {
      throw new CoherentStyleError('MODEL_MISSING', `${relPath} is missing from the plugin's models folder. Reinstall the plugin.`);
    }
    return readBytes(file);
  }
}

/** The installed models, as the plugin ships them. */
export function loadModelRegistry(): Promise<ModelRegistry> {
  return ModelRegistry.load(new UxpModelStore());
}

/** The installed modes and the default one, as the panel lists them. */
export async function listInstalledModes(): Promise<{ modes: ModeOption[]; defaultMode: string }> {
  const registry = await loadModelRegistry();
  return {
    modes: registry.modes.map((m) => ({ id: m.id, label: m.label, description: describeModeForEditor(m) })),
    defaultMode: registry.defaultMode.id,
  };
}
