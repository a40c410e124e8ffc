/**
 * The installed models: models.json plus the ONNX files it lists, read through a host-supplied
 * ModelStore and verified (byte size and sha256) before a session is ever created from them,
 * so a truncated download or an edited file is reported instead of producing garbage frames.
 */
import { CoherentStyleError, isCoherentStyleError } from '../errors';
import { modelManifestSchema, type ModelEntry, type ModelFile, type ModelManifest } from './modelContract';
import { describeSchemaIssues } from '../schemaIssues';
import { sha256Hex } from '../sha256';
import { decodeUtf8 } from '../utf8';

/**
 * Read access to the models folder, implemented by each host (node fs, UXP storage, fetch).
 * readFile throws CoherentStyleError('MODEL_MISSING') when the file does not exist.
 */
export interface ModelStore {
  readFile(relPath: string): Promise<Uint8Array>;
  /** Where the models live, for messages (e.g. a folder path or URL). */
  readonly location?: string;
}

export type GraphKind = 'styleEncoder' | 'stylizer';

export const GRAPH_KINDS: readonly GraphKind[] = ['styleEncoder', 'stylizer'];

export interface GraphCheck {
  mode: string;
  graph: GraphKind;
  file: string;
  ok: boolean;
  /** Present when !ok: MODEL_MISSING or MODEL_TAMPERED. */
  error?: CoherentStyleError;
}

const REPAIR_HINT = 'Reinstall the plugin or run `coherent-style models verify`.';

export class ModelRegistry {
  private constructor(
    private readonly store: ModelStore,
    readonly manifest: ModelManifest,
  ) {}

  /** Reads and validates the manifest (MODEL_MISSING if absent, MANIFEST_INVALID if malformed). */
  static async load(store: ModelStore, manifestPath = 'models.json'): Promise<ModelRegistry> {
    const bytes = await readFromStore(store, manifestPath);
    let json: unknown;
    try {
      json = JSON.parse(decodeUtf8(bytes));
    } catch (e) {
      throw new CoherentStyleError('MANIFEST_INVALID',
        `${manifestPath} is not valid JSON (${(e as Error).message}). ${REPAIR_HINT}`, { cause: e });
    }
    const parsed = modelManifestSchema.safeParse(json);
    if (!parsed.success) {
      throw new CoherentStyleError('MANIFEST_INVALID',
        `${manifestPath} does not describe the models correctly: ${describeSchemaIssues(parsed.error)}. ${REPAIR_HINT}`,
        { cause: parsed.error });
    }
    return new ModelRegistry(store, parsed.data);
  }

  get modes(): readonly ModelEntry[] {
    return this.manifest.models;
  }

  get defaultMode(): ModelEntry {
    return this.mode(this.manifest.defaultMode);
  }

  /** The mode with this id; UNKNOWN_MODE names the valid ones. */
  mode(id: string): ModelEntry {
    const entry = this.manifest.models.find((m) => m.id === id);
    if (!entry) {
      const valid = this.manifest.models.map((m) => m.id).join(', ');
      throw new CoherentStyleError('UNKNOWN_MODE', `Unknown mode "${id}". Choose one of: ${valid}.`);
    }
    return entry;
  }

  /** The verified bytes of one graph of a mode. */
  async loadGraph(entry: ModelEntry, graph: GraphKind): Promise<Uint8Array> {
    const file = entry[graph];
    const bytes = await readFromStore(this.store, file.file);
    checkIntegrity(entry.id, file, bytes);
    return bytes;
  }

  /** Checks every graph of every mode; never throws for a bad file, it reports it. */
  async verify(): Promise<GraphCheck[]> {
    const checks: GraphCheck[] = [];
    for (const entry of this.manifest.models) {
      for (const graph of GRAPH_KINDS) {
        const file = entry[graph].file;
        try {
          await this.loadGraph(entry, graph);
          checks.push({ mode: entry.id, graph, file, ok: true });
        } catch (e) {
          if (!isCoherentStyleError(e) || (e.code !== 'MODEL_MISSING' && e.code !== 'MODEL_TAMPERED')) throw e;
          checks.push({ mode: entry.id, graph, file, ok: false, error: e });
        }
      }
    }
    return checks;
  }
}

async function readFromStore(store: ModelStore, relPath: string): Promise<Uint8Array> {
  try {
    return await store.readFile(relPath);
  } catch (e) {
    if (isCoherentStyleError(e)) throw e;
    const where = store.location ? ` in ${store.location}` : '';
    throw new CoherentStyleError('MODEL_MISSING',
      `Could not read ${relPath}${where} (${(e as Error).message}). ${REPAIR_HINT}`, { cause: e });
  }
}

function checkIntegrity(mode: string, file: ModelFile, bytes: Uint8Array): void {
  if (bytes.length !== file.bytes) {
    throw new CoherentStyleError('MODEL_TAMPERED',
      `The ${mode} model file ${file.file} is damaged: it has ${bytes.length} bytes, expected ${file.bytes}. ${REPAIR_HINT}`);
  }
  const digest = sha256Hex(bytes);
  if (digest !== file.sha256) {
    throw new CoherentStyleError('MODEL_TAMPERED',
      `The ${mode} model file ${file.file} has been modified (sha256 ${digest.slice(0, 12)}…, expected ${file.sha256.slice(0, 12)}…). ${REPAIR_HINT}`);
  }
}
