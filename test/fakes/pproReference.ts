/**
 * The Premiere UXP API surface the simulator (test/fakes/premierepro.ts) offers, per member: the
 * version it exists from and the reference page that says so. Transcribed from Adobe's reference,
 * AdobeDocs/uxp-premiere-pro at d7ca9c89, src/pages/ppro-reference/classes/<page> ("Since:" of each
 * method, "Min Version" of each property). A member missing from a simulated version is absent
 * there, as it would be in Premiere: calling it throws "is not a function".
 * `scripts/ppro-reference-table.py <docs checkout>` checks every line against a newer reference.
 */

/** The Premiere versions the simulator can be, oldest first (the manifest's minVersion is the first). */
export const SIMULATED_VERSIONS = ['25.6', '26.0', '26.2', '26.3'] as const;
export type SimulatedVersion = (typeof SIMULATED_VERSIONS)[number];
export const OLDEST_VERSION: SimulatedVersion = SIMULATED_VERSIONS[0];
export const NEWEST_VERSION: SimulatedVersion = SIMULATED_VERSIONS[SIMULATED_VERSIONS.length - 1];

/** Since 26.3 every create*Action must run inside project.lockedAccess (changelog, "Action creation in locks"). */
export const ACTIONS_NEED_LOCK_SINCE: SimulatedVersion = '26.3';

/** "Class.member" → [since, page]. */
export const PPRO_SINCE: Record<string, readonly [string, string]> = {
  'Project.getActiveProject': ['25.6', 'project.md'],
  'Project.getActiveSequence': ['25.6', 'project.md'],
  'Project.getRootItem': ['25.6', 'project.md'],
  'Project.importFiles': ['25.6', 'project.md'],
  'Project.executeTransaction': ['25.6', 'project.md'],
  'Project.lockedAccess': ['25.6', 'project.md'],
  'Project.guid': ['25.6', 'project.md'],
  'Project.name': ['25.6', 'project.md'],
  'Project.path': ['25.6', 'project.md'],
  'ProjectItem.getId': ['25.6', 'projectitem.md'],
  'ProjectItem.type': ['25.6', 'projectitem.md'],
  'ProjectItem.name': ['25.6', 'projectitem.md'],
  'FolderItem.cast': ['25.6', 'folderitem.md'],
  'FolderItem.createBinAction': ['25.6', 'folderitem.md'],
  'FolderItem.getItems': ['25.6', 'folderitem.md'],
  'FolderItem.createRemoveItemAction': ['25.6', 'folderitem.md'],
  'ClipProjectItem.cast': ['25.6', 'clipprojectitem.md'],
  'ClipProjectItem.getMediaFilePath': ['25.6', 'clipprojectitem.md'],
  'ClipProjectItem.createSetOverrideFrameRateAction': ['25.6', 'clipprojectitem.md'],
  'ClipProjectItem.createSetScaleToFrameSizeAction': ['25.6', 'clipprojectitem.md'],
  'Exporter.exportSequenceFrame': ['25.6', 'exporter.md'],
  'SequenceEditor.getEditor': ['25.6', 'sequenceeditor.md'],
  'SequenceEditor.createOverwriteItemAction': ['25.6', 'sequenceeditor.md'],
  'SequenceEditor.createInsertProjectItemAction': ['25.6', 'sequenceeditor.md'],
  'TickTime.createWithTicks': ['25.6', 'ticktime.md'],
  'TickTime.createWithSeconds': ['25.6', 'ticktime.md'],
  'TickTime.ticks': ['25.6', 'ticktime.md'],
  'TickTime.seconds': ['25.6', 'ticktime.md'],
  'TickTime.ticksNumber': ['25.6', 'ticktime.md'],
  'Properties.getProperties': ['25.6', 'properties.md'],
  'Properties.getValue': ['25.6', 'properties.md'],
  'Properties.hasValue': ['25.6', 'properties.md'],
  'Properties.createSetValueAction': ['25.6', 'properties.md'],
  'Sequence.getVideoTrackCount': ['25.6', 'sequence.md'],
  'Sequence.getAudioTrackCount': ['25.6', 'sequence.md'],
  'Sequence.getFrameSize': ['25.6', 'sequence.md'],
  'Sequence.getPlayerPosition': ['25.6', 'sequence.md'],
  'Sequence.getSelection': ['25.6', 'sequence.md'],
  'Sequence.getVideoTrack': ['25.6', 'sequence.md'],
  'Sequence.getAudioTrack': ['25.6', 'sequence.md'],
  'Sequence.getSettings': ['25.6', 'sequence.md'],
  'Sequence.getTimebase': ['25.6', 'sequence.md'],
  'Sequence.name': ['25.6', 'sequence.md'],
  'Sequence.guid': ['25.6', 'sequence.md'],
  'SequenceSettings.getVideoFrameRate': ['26.2', 'sequencesettings.md'],
  'SequenceSettings.setVideoFrameRate': ['26.2', 'sequencesettings.md'],
  'VideoTrack.setMute': ['25.6', 'videotrack.md'],
  'VideoTrack.isMuted': ['25.6', 'videotrack.md'],
  'VideoTrack.getTrackItems': ['25.6', 'videotrack.md'],
  'AudioTrack.getTrackItems': ['25.6', 'audiotrack.md'],
  'TrackItemSelection.getTrackItems': ['25.6', 'trackitemselection.md'],
  'VideoClipTrackItem.getName': ['25.6', 'videocliptrackitem.md'],
  'VideoClipTrackItem.getStartTime': ['25.6', 'videocliptrackitem.md'],
  'VideoClipTrackItem.getEndTime': ['25.6', 'videocliptrackitem.md'],
  'VideoClipTrackItem.getInPoint': ['25.6', 'videocliptrackitem.md'],
  'VideoClipTrackItem.getOutPoint': ['25.6', 'videocliptrackitem.md'],
  'VideoClipTrackItem.getTrackIndex': ['25.6', 'videocliptrackitem.md'],
  'VideoClipTrackItem.getMediaType': ['25.6', 'videocliptrackitem.md'],
  'VideoClipTrackItem.getProjectItem': ['25.6', 'videocliptrackitem.md'],
  'VideoClipTrackItem.createMoveAction': ['25.6', 'videocliptrackitem.md'],
  'AudioClipTrackItem.getName': ['25.6', 'audiocliptrackitem.md'],
  'AudioClipTrackItem.getStartTime': ['25.6', 'audiocliptrackitem.md'],
  'AudioClipTrackItem.getEndTime': ['25.6', 'audiocliptrackitem.md'],
  'AudioClipTrackItem.getProjectItem': ['25.6', 'audiocliptrackitem.md'],
  'AudioClipTrackItem.createMoveAction': ['25.6', 'audiocliptrackitem.md'],
  'FrameRate.ticksPerFrame': ['25.6', 'framerate.md'],
  'FrameRate.value': ['25.6', 'framerate.md'],
};

export function versionAtLeast(version: string, since: string): boolean {
  const [a, b] = [version, since].map((v) => v.split('.').map(Number));
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

/** Whether `Class.member` exists in `version` (members the table does not list are the simulator's own test handles). */
export function existsIn(version: string, className: string, member: string): boolean {
  const entry = PPRO_SINCE[`${className}.${member}`];
  return !entry || versionAtLeast(version, entry[0]);
}
