/**
 * A faithful fake of the `uxp` module subset the UXP hosts use (src/uxp/uxpApi.ts),
 * over the real file system: entries are node fs paths, `file:` URLs are parsed strictly (uxpFileUrl.ts),
 * and failures look like UXP's (an Error whose message names the condition). Jest maps `uxp` here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseFileUrl } from './uxpFileUrl';
import type { EntrypointsSetup, UEntry, UFile, UFileSystemProvider, UFolder, UxpApi } from '../../src/uxp/uxpApi';

const binary = Symbol('binary');
const utf8 = Symbol('utf8');

interface FakeUxpState {
  dataFolder: string;
  pluginFolder: string;
  /** What the next file picker returns (undefined: the user cancels). */
  nextPickedFile: string | undefined;
  /** Writes to paths under these folders fail as a full disk would. */
  fullDisks: string[];
  /** UNC shares (`\\NAS\share`) and the local folders that stand in for them. */
  networkShares: Record<string, string>;
  entrypoints: EntrypointsSetup | undefined;
  setupCalls: number;
}

export const fakeUxpState: FakeUxpState = {
  dataFolder: '',
  pluginFolder: '',
  nextPickedFile: undefined,
  fullDisks: [],
  networkShares: {},
  entrypoints: undefined,
  setupCalls: 0,
};

/** The application UXP reports: Premiere unless a test says otherwise (After Effects reports "aftereffects"). */
const PREMIERE_HOST = { name: 'premierepro', version: '25.6.0' };

export function resetFakeUxp(options: { dataFolder: string; pluginFolder: string; host?: { name: string; version: string } }): void {
  const { host: hostApp = PREMIERE_HOST, ...folders } = options;
  Object.assign(fakeUxpState, { ...folders, nextPickedFile: undefined, fullDisks: [], networkShares: {}, entrypoints: undefined, setupCalls: 0 });
  Object.assign(api.host, hostApp);
  fakeFileLocks.clear();
  fs.mkdirSync(options.dataFolder, { recursive: true });
}

/**
 * Files another writer (Premiere's exporter) still holds open: renaming one fails as a Windows
 * sharing violation does. The Premiere simulator adds and removes entries.
 */
export const fakeFileLocks = new Set<string>();

function failIfDiskFull(target: string): void {
  if (fakeUxpState.fullDisks.some((dir) => target.startsWith(dir))) throw new Error(`Out of space: cannot write ${target}`);
}

/** A UNC path's share (`\\server\share`, any case) is served from the local folder it maps to. */
function urlToPath(url: string): string {
  const parsed = parseFileUrl(url);
  if (parsed.kind === 'posix') return parsed.path;
  const shareKey = `\\\\${parsed.server}\\${parsed.share}`.toLowerCase();
  const mounted = Object.entries(fakeUxpState.networkShares).find(([share]) => share.toLowerCase() === shareKey);
  if (!mounted) throw new Error(`Could not find an entry of ${url}`);
  return path.join(mounted[1], ...parsed.rest);
}

abstract class FakeEntry implements UEntry {
  constructor(readonly nativePath: string) {}
  abstract readonly isFile: boolean;
  abstract readonly isFolder: boolean;
  get name(): string {
    return path.basename(this.nativePath);
  }
  async delete(): Promise<number> {
    if (this.isFolder) fs.rmdirSync(this.nativePath);
    else fs.unlinkSync(this.nativePath);
    return 0;
  }
}

class FakeFile extends FakeEntry implements UFile {
  readonly isFile = true;
  readonly isFolder = false;
  async read(options: { format?: symbol }): Promise<string | ArrayBuffer> {
    const bytes = fs.readFileSync(this.nativePath);
    if (options.format === binary) return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    return bytes.toString('utf8');
  }
  async write(data: string | ArrayBuffer, options: { format?: symbol; append?: boolean }): Promise<number> {
    failIfDiskFull(this.nativePath);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(new Uint8Array(data));
    if (typeof data !== 'string' && options.format !== binary) throw new Error('Data and Format mismatch');
    if (options.append) fs.appendFileSync(this.nativePath, bytes);
    else fs.writeFileSync(this.nativePath, bytes);
    return bytes.length;
  }
}

class FakeFolder extends FakeEntry implements UFolder {
  readonly isFile = false;
  readonly isFolder = true;
  async getEntries(): Promise<UEntry[]> {
    return fs.readdirSync(this.nativePath).map((name) => entryFor(path.join(this.nativePath, name)));
  }
  async getEntry(filePath: string): Promise<UEntry> {
    const target = path.join(this.nativePath, filePath);
    if (!fs.existsSync(target)) throw new Error(`Entry not found: ${target}`);
    return entryFor(target);
  }
  async createFile(name: string, options: { overwrite?: boolean }): Promise<UFile> {
    const target = path.join(this.nativePath, name);
    if (fs.existsSync(target) && !options.overwrite) throw new Error(`EntryExists: ${target}`);
    return new FakeFile(target);
  }
  async createFolder(name: string): Promise<UFolder> {
    const target = path.join(this.nativePath, name);
    fs.mkdirSync(target);
    return new FakeFolder(target);
  }
  async renameEntry(entry: UEntry, newName: string, options: { overwrite?: boolean }): Promise<void> {
    const target = path.join(this.nativePath, newName);
    if (fs.existsSync(target) && !options.overwrite) throw new Error(`EntryExists: ${target}`);
    if (fakeFileLocks.has(entry.nativePath)) throw new Error(`EBUSY: ${entry.nativePath} is being used by another process`);
    fs.renameSync(entry.nativePath, target);
  }
}

function entryFor(nativePath: string): UEntry {
  return fs.statSync(nativePath).isDirectory() ? new FakeFolder(nativePath) : new FakeFile(nativePath);
}

const localFileSystem: UFileSystemProvider = {
  async getEntryWithUrl(url: string): Promise<UEntry> {
    const target = urlToPath(url);
    if (!fs.existsSync(target)) throw new Error(`Could not find an entry of ${url}`);
    return entryFor(target);
  },
  async getDataFolder(): Promise<UFolder> {
    return new FakeFolder(fakeUxpState.dataFolder);
  },
  async getPluginFolder(): Promise<UFolder> {
    return new FakeFolder(fakeUxpState.pluginFolder);
  },
  async getFileForOpening(): Promise<UFile | null> {
    const picked = fakeUxpState.nextPickedFile;
    fakeUxpState.nextPickedFile = undefined;
    return picked ? new FakeFile(picked) : null;
  },
};

const api = {
  storage: { localFileSystem, formats: { binary, utf8 } },
  entrypoints: {
    setup(entrypoints: EntrypointsSetup): void {
      fakeUxpState.setupCalls++;
      if (fakeUxpState.entrypoints) throw new Error('entrypoints.setup can only be called once');
      fakeUxpState.entrypoints = entrypoints;
    },
  },
  host: { ...PREMIERE_HOST },
  versions: { uxp: 'uxp-8.1.0', plugin: '0.1.0' },
} satisfies UxpApi;

export const storage = api.storage;
export const entrypoints = api.entrypoints;
export const host = api.host;
export const versions = api.versions;
