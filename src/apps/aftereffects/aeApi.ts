/**
 * The part of After Effects' UXP API (public beta; every member "Min Version 27.0" in Adobe's
 * reference, AdobeDocs/uxp-after-effects, src/pages/after-effects-api/<class>.md) this plugin
 * uses, and the one place that loads it. No typings package exists, so these interfaces say what
 * the reference pages document, member by member; the simulator (test/fakes/afterEffects.ts)
 * offers exactly the documented members, so a call to anything else fails in the tests.
 * `require("aftereffects")` is the Application object itself (the reference's index page).
 */

/** A deferred call (deferredcall.md documents only `duration`: nothing says how to wait for it). */
export interface AeDeferredCall {
  readonly duration: number;
}

export interface AeItem {
  readonly id: number;
  name: string;
  /** Localized ("Composition", "Komposition", …): never compared to a string here. */
  readonly typeName: string;
  parentFolder: AeFolderItem;
  remove(): boolean;
}

export interface AeItemCollection {
  readonly length: number;
  addFolder(name: string): AeFolderItem;
}

export interface AeFolderItem extends AeItem {
  readonly numItems: number;
  readonly items: AeItemCollection;
  /** 1-based. */
  item(index: number): AeItem;
}

export interface AeAvItem extends AeItem {
  readonly width: number;
  readonly height: number;
  readonly duration: number;
  readonly frameRate: number;
  readonly frameDuration: number;
  readonly hasVideo: boolean;
  readonly footageMissing: boolean;
}

export interface AeFootageSource {
  /** 0 uses the native rate; an image sequence's native rate is the import preference. */
  conformFrameRate: number;
}

export interface AeFootageItem extends AeAvItem {
  readonly mainSource: AeFootageSource;
  replaceWithSequence(firstFile: string, forceAlphabetical: boolean): boolean;
}

export interface AeLayer {
  readonly id: number;
  /** 1-based position in the stack; 1 is the top. */
  readonly index: number;
  readonly name: string;
  solo: boolean;
  enabled: boolean;
  readonly hasVideo: boolean;
  startTime: number;
  inPoint: number;
  outPoint: number;
  readonly stretch: number;
  readonly nullLayer: boolean;
  readonly adjustmentLayer: boolean;
  moveBefore(other: AeLayer): boolean;
  remove(): boolean;
}

/** An AVLayer: camera and light layers are Layers without these members. */
export interface AeAvLayer extends AeLayer {
  /** null in a text layer. */
  readonly source: AeAvItem | null;
  readonly threeDLayer: boolean;
  readonly timeRemapEnabled: boolean;
  readonly guideLayer: boolean;
}

export interface AeLayerCollection {
  readonly length: number;
  /** 1-based. */
  byIndex(index: number): AeLayer;
  /** A new AVLayer on top; its start follows the "Create Layers at Composition Start Time" preference. */
  add(item: AeAvItem, duration?: number): AeAvLayer;
}

export interface AeCompItem extends AeAvItem {
  readonly layers: AeLayerCollection;
  readonly numLayers: number;
  readonly selectedLayers: AeLayer[];
  /** The comp's current time (seconds). */
  readonly time: number;
  saveFrameToPng(seconds: number, file: string): AeDeferredCall;
}

export interface AeProject {
  /** null when no item or several are selected in the Project panel. */
  readonly activeItem: AeItem | null;
  /** '' while the project has never been saved. */
  readonly file: string;
  readonly rootFolder: AeFolderItem;
  readonly items: AeItemCollection;
  xmpPacket: string;
  layerByID(id: number): AeLayer | null;
  importPlaceholder(name: string, width: number, height: number, frameRate: number, duration: number): AeFootageItem;
}

export interface AeApplication {
  readonly project: AeProject;
  readonly version: string;
  beginUndoGroup(label: string): boolean;
  /** Throws when no group was begun. */
  endUndoGroup(): boolean;
}

/** The live module (webpack external; mapped to test/fakes/afterEffectsModule.ts in jest). */
export function afterEffects(): AeApplication {
  return require('aftereffects') as AeApplication;
}

/** A CompItem is told from other items by its members, since typeName is localized. */
export function isComp(item: AeItem | null): item is AeCompItem {
  return !!item && 'selectedLayers' in item && typeof (item as AeCompItem).saveFrameToPng === 'function';
}

/** A FolderItem, told by its members (typeName is localized). */
export function isFolder(item: AeItem): item is AeFolderItem {
  return 'numItems' in item && typeof (item as AeFolderItem).item === 'function';
}

/** An AVLayer (footage, solid, precomp, text or shape): camera and light layers have no source. */
export function isAvLayer(layer: AeLayer): layer is AeAvLayer {
  return 'source' in layer;
}
