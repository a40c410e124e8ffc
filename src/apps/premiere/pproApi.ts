/**
 * The part of the Premiere UXP API (@adobe/premierepro 26.3.0) this plugin uses, and the one
 * place that loads it. Every narrowed type below is checked against the package's declarations
 * (see the Assignable checks at the end), so an API rename or signature change fails the build,
 * and the test fake implements exactly these types.
 */
import type {
  Action, AudioClipTrackItem, AudioTrack, ClipProjectItem, Constants, FolderItem, FrameRate, Guid, Project, ProjectItem, Properties,
  RectF, Sequence, SequenceEditor, TickTime, TrackItemSelection,
  VideoClipTrackItem, VideoTrack, premierepro,
} from '@adobe/premierepro';

export type { Action, CompoundAction, Guid, FrameRate, RectF, TickTime } from '@adobe/premierepro';

export type PTrackItem = Pick<VideoClipTrackItem,
  'getName' | 'getStartTime' | 'getEndTime' | 'getInPoint' | 'getOutPoint' | 'getTrackIndex' | 'getMediaType' | 'createMoveAction'> & {
  getProjectItem(): Promise<PProjectItem>;
};

/** A clip on an audio track, as the placement read-back sees it. */
export type PAudioTrackItem = Pick<AudioClipTrackItem, 'getName' | 'getStartTime' | 'getEndTime' | 'createMoveAction'> & {
  getProjectItem(): Promise<PProjectItem>;
};

export interface PAudioTrack {
  getTrackItems(trackItemType: Constants.TrackItemType, includeEmptyTrackItems: boolean): PAudioTrackItem[];
}

export type PProjectItem = Pick<ProjectItem, 'getId' | 'type' | 'name'>;

export type PFolderItem = Pick<FolderItem, 'createBinAction'> & {
  getItems(): Promise<PProjectItem[]>;
  createRemoveItemAction(item: PProjectItem): Action;
};

export type PClipProjectItem = Pick<ClipProjectItem,
  'getMediaFilePath' | 'createSetOverrideFrameRateAction' | 'createSetScaleToFrameSizeAction'>;

export interface PTrackItemSelection {
  getTrackItems(): Promise<PTrackItem[]>;
}

export type PVideoTrack = Pick<VideoTrack, 'setMute' | 'isMuted'> & {
  getTrackItems(trackItemType: Constants.TrackItemType, includeEmptyTrackItems: boolean): PTrackItem[];
};

export type PSequence = Pick<Sequence, 'getVideoTrackCount' | 'getAudioTrackCount' | 'getFrameSize' | 'getPlayerPosition' | 'getTimebase' | 'name' | 'guid'> & {
  getSelection(): Promise<PTrackItemSelection>;
  getVideoTrack(trackIndex: number): Promise<PVideoTrack>;
  getAudioTrack(trackIndex: number): Promise<PAudioTrack>;
};

export type PProject = Pick<Project, 'executeTransaction' | 'lockedAccess' | 'guid' | 'name' | 'path'> & {
  importFiles(filePaths: string[], suppressUI?: boolean, targetBin?: PProjectItem, asNumberedStills?: boolean): Promise<boolean>;
  getActiveSequence(): Promise<PSequence | null | undefined>;
  getRootItem(): Promise<PFolderItem>;
};

export interface PSequenceEditor {
  createOverwriteItemAction(projectItem: PProjectItem, time: TickTime, videoTrackIndex: number, audioTrackIndex: number): Action;
  createInsertProjectItemAction(projectItem: PProjectItem, time: TickTime, videoTrackIndex: number, audioTrackIndex: number, limitShift: boolean): Action;
}

export type PProperties = Pick<Properties, 'getValue' | 'hasValue' | 'createSetValueAction'>;

/** The statics (namespaces) of the `premierepro` module this plugin calls. */
export interface PremiereApi {
  Project: { getActiveProject(): Promise<PProject | null | undefined> };
  FolderItem: { cast(projectItem: PProjectItem): PFolderItem };
  ClipProjectItem: { cast(projectItem: PProjectItem): PClipProjectItem };
  Exporter: { exportSequenceFrame(sequence: PSequence, time: TickTime, filename: string, filepath: string, width: number, height: number): Promise<boolean> };
  SequenceEditor: { getEditor(sequence: PSequence): PSequenceEditor };
  TickTime: Pick<premierepro['TickTime'], 'createWithTicks' | 'createWithSeconds' | 'TIME_ZERO'>;
  Properties: { getProperties(owner: PProject | PSequence): Promise<PProperties> };
  Constants: {
    TrackItemType: Pick<typeof Constants.TrackItemType, 'CLIP'>;
    PropertyType: Pick<typeof Constants.PropertyType, 'PERSISTENT'>;
    MediaType: Pick<typeof Constants.MediaType, 'VIDEO'>;
  };
}

type Assignable<From extends To, To> = From;
/**
 * Compile-time proof that the real API offers everything the narrowed view promises.
 * @public: the compiler is its only reader
 */
export type ApiChecks = [
  Assignable<VideoClipTrackItem, PTrackItem>,
  Assignable<ProjectItem, PProjectItem>,
  Assignable<FolderItem, PFolderItem>,
  Assignable<ClipProjectItem, PClipProjectItem>,
  Assignable<TrackItemSelection, PTrackItemSelection>,
  Assignable<VideoTrack, PVideoTrack>,
  Assignable<AudioClipTrackItem, PAudioTrackItem>,
  Assignable<AudioTrack, PAudioTrack>,
  Assignable<Sequence, PSequence>,
  Assignable<Project, PProject>,
  Assignable<SequenceEditor, PSequenceEditor>,
  Assignable<Properties, PProperties>,
  Assignable<FrameRate, Pick<FrameRate, 'ticksPerFrame' | 'value'>>,
  Assignable<RectF, Pick<RectF, 'width' | 'height'>>,
  Assignable<Guid, Pick<Guid, 'toString'>>,
  Assignable<premierepro, PremiereApi>,
];

/**
 * The live module (a webpack external in the plugin; a jest moduleNameMapper maps it to
 * test/fakes/premierepro.ts in tests). Narrowed from the package's `premierepro` type.
 */
export function premiere(): PremiereApi {
  const api: premierepro = require('premierepro');
  return api;
}
