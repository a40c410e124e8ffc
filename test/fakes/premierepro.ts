/**
 * A strict, versioned Premiere Pro simulator for the host adapter's tests: projects with bins,
 * sequences with video/audio tracks and TickTime-timed items, a track-item selection,
 * numbered-still imports, undoable transactions recorded with their labels, project Properties
 * (persistent ones survive a reopen) and a frame exporter that writes real PNGs of a synthetic
 * moving scene, or of a clip's own still picture (the topmost unmuted clip at that time, like the
 * Program Monitor).
 *
 * It is never kinder than the host. It is built for one Premiere version (fakePremiere.version):
 * a member exists only from the version Adobe's reference gives (pproReference.ts). And it keeps
 * the host's rules as the reference states them, or as the worst case where it is silent:
 *  - create*Action outside project.lockedAccess throws (26.3 and later);
 *  - FolderItem/ClipProjectItem.cast return null for an item of the wrong type;
 *  - importFiles resolves with a boolean (false for a format Premiere does not import, per
 *    pproImportFormats.ts); the new item shows up in its bin a moment later, and
 *    getMediaFilePath answers in the host's spelling (Windows mode: backslashes, upper case);
 *  - an action captures what it needs when it is created (an overwrite captures the item's
 *    duration then), and an overwrite onto a track that does not exist places nothing; only
 *    createInsertProjectItemAction creates a track (its reference says so); an audio track
 *    index outside the sequence's audio tracks is refused (so a sequence without audio tracks
 *    takes no edit); an insert without limitShift ripples every track, video and audio;
 *  - an exported frame is written in two parts, the promise resolving between them, and the
 *    file cannot be renamed while it is written (Windows' sharing violation);
 *  - setMute on a locked track answers false and changes nothing; edits onto it place nothing.
 * Jest maps `premierepro` here; the UXP-only runtime test (test/uxp/) loads it as `premierepro`.
 * This module is what `require("premierepro")` gives; the reference's classes are in premiere/.
 */
import type { PClipProjectItem, PFolderItem, PProject, PProperties, PremiereApi, PSequence, PSequenceEditor, PProjectItem } from '../../src/apps/premiere/pproApi';
import { PROPERTY_PERSISTENT, VIDEO_GUID } from './premiere/constants';
import { exportSequenceFrame } from './premiere/exporter';
import { FakeProject } from './premiere/project';
import { FakeBin, FakeProjectItem } from './premiere/projectItem';
import { FakeProperties } from './premiere/properties';
import type { FakeSequence } from './premiere/sequence';
import { FakeSequenceEditor } from './premiere/sequenceEditor';
import { fakePremiere, versioned } from './premiere/state';
import { seconds, tick } from './premiere/time';

// The tests' handles on the simulated state.
export { fakePremiere, resetFakePremiere, type FakePremiereState } from './premiere/state';
export { seconds, ticksPerFrame } from './premiere/time';
export { FakeProjectItem } from './premiere/projectItem';
export { FakeProject, openNewProject, reopenProject } from './premiere/project';
export type { FakeSequence } from './premiere/sequence';
export { sceneFrame } from './premiere/scene';

const api = {
  Project: { getActiveProject: async () => fakePremiere.activeProject },
  FolderItem: {
    cast(item: PProjectItem): PFolderItem {
      return (item instanceof FakeBin ? item : null) as PFolderItem;
    },
  },
  ClipProjectItem: {
    cast(item: PProjectItem): PClipProjectItem {
      return (item instanceof FakeProjectItem && !(item instanceof FakeBin) ? item : null) as PClipProjectItem;
    },
  },
  Exporter: { exportSequenceFrame },
  SequenceEditor: {
    getEditor(sequence: PSequence): PSequenceEditor {
      return new FakeSequenceEditor(sequence as FakeSequence);
    },
  },
  TickTime: {
    createWithTicks: (ticks: string) => tick(BigInt(ticks)),
    createWithSeconds: (s: number) => seconds(s),
    TIME_ZERO: tick(0n),
  },
  Properties: {
    async getProperties(owner: PProject | PSequence): Promise<PProperties> {
      if (!(owner instanceof FakeProject)) throw new Error('Only project properties are simulated');
      return new FakeProperties(owner);
    },
  },
  Constants: {
    // The package declares these enums without values; ours are numbers except media types, which are GUIDs at runtime.
    TrackItemType: { CLIP: 1 },
    PropertyType: { PERSISTENT: PROPERTY_PERSISTENT },
    MediaType: { VIDEO: VIDEO_GUID as unknown as PremiereApi['Constants']['MediaType']['VIDEO'] },
  },
} satisfies PremiereApi;

export const Project = versioned(api.Project, 'Project');
/**
 * ProjectItem.TYPE_BIN/TYPE_CLIP are in the 26.3 typings but not in projectitem.md at any version:
 * the simulator has no such statics.
 */
export const ProjectItem = versioned({}, 'ProjectItem');
export const FolderItem = versioned(api.FolderItem, 'FolderItem');
export const ClipProjectItem = versioned(api.ClipProjectItem, 'ClipProjectItem');
export const Exporter = versioned(api.Exporter, 'Exporter');
export const SequenceEditor = versioned(api.SequenceEditor, 'SequenceEditor');
const TickTimeStatics = versioned(api.TickTime, 'TickTime');
export { TickTimeStatics as TickTime };
export const Properties = versioned(api.Properties, 'Properties');
export const Constants = api.Constants;
