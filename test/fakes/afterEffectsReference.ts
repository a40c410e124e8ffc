/**
 * The After Effects UXP API surface the simulator (test/fakes/afterEffects.ts) offers, per class
 * and member: the version it exists from and the reference page that says so. Transcribed from
 * Adobe's reference, AdobeDocs/uxp-after-effects, src/pages/after-effects-api/<page> (the "Min
 * Version" of each property, "Since" of each method; every one is 27.0 in the public beta).
 * Unlike the Premiere table, this one is closed: a member it does not list does not exist on the
 * simulated object at all (reading it gives undefined, so calling it throws "is not a function"),
 * so the plugin can only use what the reference documents. That includes `then`: a DeferredCall
 * documents only `duration`, so awaiting one does not wait for anything.
 */
import { versionAtLeast } from './pproReference';

/** The After Effects versions the simulator can be (the manifest's minVersion is the first). */
export const SIMULATED_AE_VERSIONS = ['27.0'] as const;
export type SimulatedAeVersion = (typeof SIMULATED_AE_VERSIONS)[number];
export const NEWEST_AE_VERSION: SimulatedAeVersion = SIMULATED_AE_VERSIONS[SIMULATED_AE_VERSIONS.length - 1];

const ITEM = ['id', 'name', 'parentFolder', 'remove', 'selected', 'typeName', 'comment'];
const AV_ITEM = [...ITEM, 'duration', 'frameDuration', 'frameRate', 'width', 'height', 'hasVideo', 'footageMissing', 'usedIn', 'time'];
const LAYER = [
  'id', 'index', 'name', 'solo', 'enabled', 'hasVideo', 'inPoint', 'outPoint', 'startTime', 'stretch', 'nullLayer',
  'adjustmentLayer', 'containingComp', 'moveBefore', 'moveAfter', 'remove', 'activeAtTime', 'active', 'locked', 'selected', 'comment',
];

/** Class → member → [since, page]. */
export const AE_SINCE: Record<string, Record<string, readonly [string, string]>> = {
  Application: Object.fromEntries(['project', 'beginUndoGroup', 'endUndoGroup', 'version', 'isBeta'].map((m) => [m, ['27.0', 'application.md']])),
  Project: Object.fromEntries([
    'activeItem', 'file', 'rootFolder', 'items', 'layerByID', 'itemByID', 'importPlaceholder', 'xmpPacket', 'selection', 'numItems', 'item', 'dirty',
  ].map((m) => [m, ['27.0', 'project.md']])),
  CompItem: Object.fromEntries([
    ...AV_ITEM, 'layers', 'layer', 'numLayers', 'selectedLayers', 'saveFrameToPng', 'saveDraftFrameToPng', 'displayStartTime', 'resolutionFactor',
  ].map((m) => [m, ['27.0', 'compitem.md']])),
  FootageItem: Object.fromEntries([...AV_ITEM, 'mainSource', 'file', 'replaceWithSequence', 'replace'].map((m) => [m, ['27.0', 'footageitem.md']])),
  FolderItem: Object.fromEntries([...ITEM, 'items', 'numItems', 'item'].map((m) => [m, ['27.0', 'folderitem.md']])),
  ItemCollection: Object.fromEntries(['length', 'addFolder', 'addComp', 'itemByID'].map((m) => [m, ['27.0', 'itemcollection.md']])),
  LayerCollection: Object.fromEntries(['length', 'add', 'byIndex', 'byName'].map((m) => [m, ['27.0', 'layercollection.md']])),
  AVLayer: Object.fromEntries([...LAYER, 'source', 'threeDLayer', 'timeRemapEnabled', 'guideLayer', 'audioEnabled', 'hasAudio', 'width', 'height']
    .map((m) => [m, ['27.0', 'avlayer.md']])),
  /** Camera and light layers: Layer's members only (no source). */
  Layer: Object.fromEntries(LAYER.map((m) => [m, ['27.0', 'layer.md']])),
  FileSource: Object.fromEntries(['conformFrameRate', 'displayFrameRate', 'nativeFrameRate', 'file', 'isStill', 'missingFootagePath', 'hasAlpha']
    .map((m) => [m, ['27.0', 'filesource.md']])),
  PlaceholderSource: Object.fromEntries(['conformFrameRate', 'displayFrameRate', 'nativeFrameRate', 'isStill', 'hasAlpha']
    .map((m) => [m, ['27.0', 'placeholdersource.md']])),
  DeferredCall: { duration: ['27.0', 'deferredcall.md'] },
};

/** Whether `member` exists on a `className` object in `version`: only what the table lists does. */
export function aeMemberExists(version: string, className: string, member: string): boolean {
  const entry = AE_SINCE[className]?.[member];
  return entry !== undefined && versionAtLeast(version, entry[0]);
}
