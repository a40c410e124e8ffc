/**
 * The part of the UXP API (@adobe/cc-ext-uxp-types 7.3.1) this plugin uses, and the one place
 * that loads it. The package types most calls as `any` (and omits `storage.localFileSystem`), so
 * the narrowed types below say what the UXP documentation promises. typecheck/uxpApi.check.ts
 * proves the package's classes still have these members with compatible parameters; it compiles
 * in its own program (tsconfig.uxp-check.json) because the package also declares DOM-like globals
 * (AbortController, Event, …) that would change those types for the whole project.
 */

export interface UEntry {
  readonly name: string;
  readonly nativePath: string;
  readonly isFile: boolean;
  readonly isFolder: boolean;
  delete(): Promise<number>;
}

export interface UFile extends UEntry {
  read(options: { format?: symbol }): Promise<string | ArrayBuffer>;
  write(data: string | ArrayBuffer, options: { format?: symbol; append?: boolean }): Promise<number>;
}

export interface UFolder extends UEntry {
  getEntries(): Promise<UEntry[]>;
  getEntry(filePath: string): Promise<UEntry>;
  createFile(name: string, options: { overwrite?: boolean }): Promise<UFile>;
  createFolder(name: string): Promise<UFolder>;
  renameEntry(entry: UEntry, newName: string, options: { overwrite?: boolean }): Promise<void>;
}

export interface UFileSystemProvider {
  getEntryWithUrl(url: string): Promise<UEntry>;
  getDataFolder(): Promise<UFolder>;
  getPluginFolder(): Promise<UFolder>;
  getFileForOpening(options: { types?: string[]; allowMultiple?: boolean }): Promise<UFile | null | undefined>;
}

export interface PanelEntrypoint {
  create?(rootNode: HTMLElement): void | Promise<void>;
  show?(rootNode: HTMLElement): void | Promise<void>;
  hide?(rootNode: HTMLElement): void | Promise<void>;
  destroy?(rootNode: HTMLElement): void | Promise<void>;
}

/**
 * UXP's real setup() takes panels and commands keyed by entry point id (the package declares
 * them as arrays, which UXP rejects), so this is the documented shape.
 */
export interface EntrypointsSetup {
  panels?: Record<string, PanelEntrypoint>;
  commands?: Record<string, { run(): unknown }>;
}

export interface UxpApi {
  storage: {
    localFileSystem: UFileSystemProvider;
    formats: { binary: symbol; utf8: symbol };
  };
  entrypoints: { setup(entrypoints: EntrypointsSetup): void };
  /** The application the plugin runs in, e.g. { name: "premierepro", version: "25.6.0" } (reference: modules/uxp/host-information/host; the package types it as any). */
  host: { name: string; version: string };
  /** e.g. { uxp: "uxp-8.1.0", plugin: "0.1.0" } (reference: modules/uxp/versions/versions; the package types it as any). */
  versions: { uxp: string; plugin: string };
}

/** The live module (webpack external; mapped to test/fakes/uxp.ts in jest). */
export function uxp(): UxpApi {
  return require('uxp') as UxpApi;
}
