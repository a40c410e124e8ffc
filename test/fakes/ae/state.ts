/** The After Effects simulator's module state: the simulated version, the open project, undo history and the test knobs. */
import { NEWEST_AE_VERSION, type SimulatedAeVersion } from '../afterEffectsReference';
import type { FakeAeProject } from './project';

export interface UndoStep {
  label: string;
  reverts: Array<() => void>;
}

export interface FakeAeState {
  version: SimulatedAeVersion;
  project: FakeAeProject | null;
  undoStack: UndoStep[];
  /** The undo group being recorded, and how deeply begin calls are nested. */
  openGroup: (UndoStep & { depth: number }) | undefined;
  /** Undo groups that were still open when the task that began them ended. */
  groupsLeftOpenAcrossTasks: number;
  /** How long after a saved frame's first part its second part lands. */
  renderTailMs: number;
  renderCalls: number;
  /** Called at every saveFrameToPng with the running count (tests cancel "during export" here). */
  onSaveFrame: ((count: number) => void) | undefined;
  createLayersAtCompStart: boolean;
  /** Preferences › Import › Sequence Footage: the frame rate an image sequence gets on import. */
  sequenceFootageFps: number;
}

const DEFAULT_STATE = {
  version: NEWEST_AE_VERSION, project: null, undoStack: [], openGroup: undefined, groupsLeftOpenAcrossTasks: 0,
  renderTailMs: 25, renderCalls: 0, onSaveFrame: undefined, createLayersAtCompStart: false, sequenceFootageFps: 30,
} satisfies FakeAeState;

export const fakeAfterEffects: FakeAeState = { ...DEFAULT_STATE, undoStack: [] };

export function resetFakeAfterEffects(): void {
  Object.assign(fakeAfterEffects, DEFAULT_STATE, { undoStack: [] });
}

let nextId = 1;
/** The next item or layer id: unique across the simulator, as After Effects' ids are within a project. */
export const nextSimulatedId = (): number => nextId++;
