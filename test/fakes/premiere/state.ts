/**
 * The Premiere simulator's module state (the simulated version, the open project and the test
 * knobs), the versioned view every simulated object is handed out as, and identities.
 */
import type { Guid } from '@adobe/premierepro';
import { existsIn, NEWEST_VERSION, type SimulatedVersion } from '../pproReference';
import type { FakeProject } from './project';

export interface FakePremiereState {
  /** The Premiere version simulated; members newer than it are absent. */
  version: SimulatedVersion;
  activeProject: FakeProject | null;
  exportCalls: number;
  /** Called before every frame export with the running count (tests cancel "during export" here). */
  onExportFrame: ((count: number) => void) | undefined;
  /** Premiere appends the format's extension even to "x.png" (→ "x.png.png"); false models a build that does not. */
  doublesExtension: boolean;
  /** Exported PNGs are RGBA (opaque where a clip renders) instead of RGB: the reference does not say which. */
  exportsAlpha: boolean;
  /** How long after exportSequenceFrame resolves the file's second part is written. */
  exportTailMs: number;
  /** How long after importFiles resolves the new item appears in its bin. */
  importDelayMs: number;
  /** 'windows': getMediaFilePath answers with backslashes and in upper case, as a normalising host may. */
  pathStyle: 'posix' | 'windows';
  /** Depth of project.lockedAccess callbacks running now. */
  lockDepth: number;
  /** An insert ripples every track even with limitShift (what the flag means is undocumented). */
  insertIgnoresLimitShift: boolean;
}

const DEFAULT_STATE = {
  version: NEWEST_VERSION, activeProject: null, exportCalls: 0, onExportFrame: undefined, doublesExtension: true, exportsAlpha: false,
  exportTailMs: 30, importDelayMs: 30, pathStyle: 'posix', lockDepth: 0, insertIgnoresLimitShift: false,
} satisfies FakePremiereState;

export const fakePremiere: FakePremiereState = { ...DEFAULT_STATE };

export function resetFakePremiere(options: Partial<Pick<FakePremiereState, 'version' | 'pathStyle'>> = {}): void {
  Object.assign(fakePremiere, DEFAULT_STATE, options);
}

/**
 * The object as the simulated version shows it: a member the reference dates later than that
 * version reads as undefined (so calling it throws "is not a function", as in Premiere).
 */
export function versioned<T extends object>(target: T, className: string): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      if (typeof prop === 'string' && !existsIn(fakePremiere.version, className, prop)) return undefined;
      return Reflect.get(obj, prop, receiver);
    },
    has(obj, prop) {
      if (typeof prop === 'string' && !existsIn(fakePremiere.version, className, prop)) return false;
      return Reflect.has(obj, prop);
    },
  });
}

let nextSerial = 1;
/** A number no other simulated object has had (ids, and the scene seed of a new clip's media). */
export const serial = (): number => nextSerial++;
export const newId = (prefix: string) => `${prefix}-${serial()}`;

export function makeGuid(text: string): Guid {
  const value: Pick<Guid, 'toString'> = { toString: () => text };
  return value as Guid;
}
