/**
 * A strict After Effects simulator for the After Effects host's tests: a project with folders,
 * compositions with layers, footage (synthetic movies, image sequences on disk, placeholders),
 * the Project panel selection, an undo history, project XMP, and CompItem.saveFrameToPng writing
 * real PNGs of what the comp shows.
 *
 * The plugin sees only views: objects with exactly the members Adobe's reference documents for
 * their class (afterEffectsReference.ts); anything else reads as undefined and cannot be set.
 * Tests reach the simulated state through the Fake* classes. It keeps the host's rules as the
 * reference states them, or as the worst case where it is silent:
 *  - project.activeItem is null unless exactly one item is selected in the Project panel, and
 *    typeName is localized (the simulator answers in German);
 *  - CompItem.selectedLayers lists layers in the order they were selected, not by index;
 *  - a layer renders when it is enabled, between its in and out points, and either no layer of
 *    its comp is soloed or it is; nulls and adjustment layers show no pixels of their own;
 *  - saveFrameToPng returns a DeferredCall (only `duration`: awaiting it waits for nothing); the
 *    frame is rendered once the current task has ended, from the comp as it is then, and written
 *    in two parts, the file locked against renames until the second lands; a time outside the
 *    comp or a missing folder writes nothing;
 *  - LayerCollection.add puts the layer on top, at the comp's current time unless the
 *    "Create Layers at Composition Start Time" preference is on (off here); moving a layer's
 *    startTime moves its in and out points; in and out points stay within time-based footage;
 *  - an image sequence's frame rate is the import preference (30 fps) until conformFrameRate is set;
 *  - endUndoGroup without beginUndoGroup throws; groups nest (inner names ignored); a group still
 *    open when its task ends is closed there and counted (an undo group across an await);
 *  - every change outside a group is an undo step of its own; undo() is Edit › Undo.
 * Jest maps `aftereffects` to afterEffectsModule.ts, which exports the Application's view.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RasterImage } from '../../src/engine/images/image';
import { decodeImage, encodePng } from '../../src/engine/images/imageCodec';
import { aeMemberExists, NEWEST_AE_VERSION, type SimulatedAeVersion } from './afterEffectsReference';
import { sceneFrame } from './premierepro';
import { fakeFileLocks } from './uxp';

const RAW = Symbol('simulated object');

interface UndoStep {
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

// ---------------------------------------------------------------- views and undo
/** The plugin's view of a simulated object: documented members only, methods run on the object itself. */
abstract class Simulated {
  private cachedView: object | undefined;
  abstract readonly className: string;
  get view(): object {
    this.cachedView ??= new Proxy(this, {
      get: (target, prop) => {
        if (prop === RAW) return target;
        if (typeof prop !== 'string' || !aeMemberExists(fakeAfterEffects.version, target.className, prop)) return undefined;
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args.map(unwrap)) : value;
      },
      has: (target, prop) => typeof prop === 'string' && aeMemberExists(fakeAfterEffects.version, target.className, prop),
      set: (target, prop, value) => typeof prop === 'string' && aeMemberExists(fakeAfterEffects.version, target.className, prop)
        && Reflect.set(target, prop, unwrap(value)),
      ownKeys: () => [],
    });
    return this.cachedView;
  }
}

function unwrap(value: unknown): unknown {
  return (value as { [RAW]?: unknown } | null)?.[RAW] ?? value;
}

const viewOf = (item: Simulated | null | undefined) => item?.view ?? null;

/** Records how to revert a change: into the open undo group, or as an undo step of its own. */
function recordChange(label: string, revert: () => void): void {
  if (fakeAfterEffects.openGroup) fakeAfterEffects.openGroup.reverts.push(revert);
  else fakeAfterEffects.undoStack.push({ label, reverts: [revert] });
}

/** Edit › Undo: reverts the last step; answers its label. */
export function undo(): string | undefined {
  const step = fakeAfterEffects.undoStack.pop();
  step?.reverts.slice().reverse().forEach((revert) => revert());
  return step?.label;
}

function changeField<T extends object, K extends keyof T>(target: T, key: K, value: T[K], label: string): void {
  const before = target[key];
  if (before === value) return;
  target[key] = value;
  recordChange(label, () => { target[key] = before; });
}

// ---------------------------------------------------------------- items
let nextId = 1;

export abstract class FakeAeItem extends Simulated {
  readonly id = nextId++;
  parent: FakeAeFolder | undefined;
  selected = false;
  comment = '';
  constructor(readonly project: FakeAeProject, public name: string) {
    super();
  }
  abstract readonly typeName: string;
  get parentFolder(): object | null {
    return viewOf(this.parent);
  }
  set parentFolder(folder: object | null) {
    const target = folder as unknown as FakeAeFolder;
    if (!(target instanceof FakeAeFolder)) throw new Error('parentFolder must be a folder of this project');
    const from = this.parent;
    from?.detach(this);
    target.attach(this);
    recordChange('Move item', () => { target.detach(this); from?.attach(this); });
  }
  remove(): boolean {
    const from = this.parent;
    if (!from) throw new Error('The item was already removed');
    const index = from.children.indexOf(this);
    from.detach(this);
    const layers = this.project.comps().flatMap((comp) => comp.layerList.filter((l) => (l.source as FakeAeItem | null) === this).map((l) => ({ comp, l, at: comp.layerList.indexOf(l) })));
    for (const { comp, l } of layers) comp.layerList.splice(comp.layerList.indexOf(l), 1);
    recordChange('Delete item', () => {
      from.children.splice(index, 0, this);
      this.parent = from;
      for (const { comp, l, at } of layers.reverse()) comp.layerList.splice(at, 0, l);
    });
    return true;
  }
}

export class FakeAeFolder extends FakeAeItem {
  readonly className = 'FolderItem';
  readonly typeName = 'Ordner';
  readonly children: FakeAeItem[] = [];
  get numItems(): number {
    return this.children.length;
  }
  get items(): object {
    return new FakeItemCollection(this).view;
  }
  item(index: number): object {
    const item = this.children[index - 1];
    if (!item) throw new Error(`No item at index ${index}`);
    return item.view;
  }
  attach(item: FakeAeItem): void {
    item.parent = this;
    this.children.push(item);
  }
  detach(item: FakeAeItem): void {
    this.children.splice(this.children.indexOf(item), 1);
    item.parent = undefined;
  }
  override remove(): boolean {
    if (this === this.project.root) throw new Error('The root folder cannot be removed');
    for (const child of [...this.children]) child.remove();
    return super.remove();
  }
}

class FakeItemCollection extends Simulated {
  readonly className = 'ItemCollection';
  constructor(private readonly folder: FakeAeFolder) {
    super();
  }
  get length(): number {
    return this.folder.children.length;
  }
  addFolder(name: string): object {
    const folder = new FakeAeFolder(this.folder.project, name);
    this.folder.attach(folder);
    recordChange('New folder', () => this.folder.detach(folder));
    return folder.view;
  }
}

/** An audio/video item: a comp or footage. */
abstract class FakeAvItem extends FakeAeItem {
  readonly hasVideo: boolean = true;
  time = 0;
  abstract readonly width: number;
  abstract readonly height: number;
  abstract readonly duration: number;
  abstract readonly frameRate: number;
  get frameDuration(): number {
    return 1 / this.frameRate;
  }
  get footageMissing(): boolean {
    return false;
  }
  get usedIn(): object[] {
    return this.project.comps().filter((c) => c.layerList.some((l) => l.source === this)).map((c) => c.view);
  }
  /** The picture at `seconds` of the item's own time. */
  abstract frameAt(seconds: number, width: number, height: number): RasterImage;
}

/** What a footage item shows: a synthetic movie, a still-less placeholder, or an image sequence on disk. */
type FootageMedia =
  | { kind: 'movie'; file: string; seed: number; fps: number; duration: number; width: number; height: number; picture?: RasterImage }
  | { kind: 'placeholder'; fps: number; duration: number; width: number; height: number }
  | { kind: 'sequence'; file: string; frames: string[]; width: number; height: number };

export class FakeFootageSource extends Simulated {
  conformRate = 0;
  constructor(readonly media: FootageMedia) {
    super();
  }
  get className(): string {
    return this.media.kind === 'placeholder' ? 'PlaceholderSource' : 'FileSource';
  }
  get nativeFrameRate(): number {
    return this.media.kind === 'sequence' ? fakeAfterEffects.sequenceFootageFps : this.media.fps;
  }
  get conformFrameRate(): number {
    return this.conformRate;
  }
  set conformFrameRate(fps: number) {
    if (!(fps >= 0) || !Number.isFinite(fps)) throw new Error(`conformFrameRate: invalid frame rate ${fps}`);
    changeField(this, 'conformRate', fps, 'Interpret footage');
  }
  get displayFrameRate(): number {
    return this.conformRate || this.nativeFrameRate;
  }
  get isStill(): boolean {
    return false;
  }
  get hasAlpha(): boolean {
    return false;
  }
  get file(): string {
    return this.media.kind === 'placeholder' ? '' : this.media.file;
  }
  get missingFootagePath(): string {
    return this.media.kind !== 'placeholder' && !fs.existsSync(this.media.file) ? this.media.file : '';
  }
}

export class FakeFootageItem extends FakeAvItem {
  readonly className = 'FootageItem';
  readonly typeName = 'Footage';
  constructor(project: FakeAeProject, name: string, public source: FakeFootageSource) {
    super(project, name);
  }
  get mainSource(): object {
    return this.source.view;
  }
  get file(): string | null {
    return this.source.media.kind === 'placeholder' ? null : this.source.media.file;
  }
  get width(): number { return this.source.media.width; }
  get height(): number { return this.source.media.height; }
  get frameRate(): number { return this.source.displayFrameRate; }
  get duration(): number {
    const media = this.source.media;
    return media.kind === 'sequence' ? media.frames.length / this.source.displayFrameRate : media.duration;
  }
  override get footageMissing(): boolean {
    return this.source.media.kind === 'placeholder' || this.source.missingFootagePath !== '';
  }
  /** Numbered files from `firstFile` on, as the sequence import finds them. */
  replaceWithSequence(firstFile: string, _forceAlphabetical: boolean): boolean {
    if (!fs.existsSync(firstFile)) throw new Error(`replaceWithSequence: file not found: ${firstFile}`);
    const frames = numberedFiles(firstFile);
    const { width, height } = decodeImage(fs.readFileSync(firstFile));
    const before = { source: this.source, name: this.name };
    const replaced = new FakeFootageSource({ kind: 'sequence', file: firstFile, frames, width, height });
    replaced.conformRate = this.source.conformRate; // interpretation is kept
    this.source = replaced;
    this.name = path.basename(frames[0]);
    recordChange('Replace footage', () => Object.assign(this, before));
    return true;
  }
  frameAt(seconds: number, width: number, height: number): RasterImage {
    const media = this.source.media;
    if (this.footageMissing || media.kind === 'placeholder') return solid(width, height, [255, 0, 255]);
    const index = Math.floor(seconds * this.source.displayFrameRate + 1e-6);
    if (media.kind === 'movie') return media.picture ? scaled(media.picture, width, height) : sceneFrame(media.seed, index / media.fps, width, height);
    const file = media.frames[index];
    return file ? scaled(decodeImage(fs.readFileSync(file)), width, height) : solid(width, height, [0, 0, 0]);
  }
}

function numberedFiles(firstFile: string): string[] {
  const match = /^(.*?)(\d+)(\.[^.]+)$/.exec(path.basename(firstFile));
  if (!match) return [firstFile];
  const [, prefix, digits, ext] = match;
  const files: string[] = [];
  for (let n = Number(digits); ; n++) {
    const file = path.join(path.dirname(firstFile), `${prefix}${String(n).padStart(digits.length, '0')}${ext}`);
    if (!fs.existsSync(file)) return files;
    files.push(file);
  }
}

function solid(width: number, height: number, rgb: [number, number, number]): RasterImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) data.set(rgb, i);
  return { width, height, channels: 3, bitDepth: 8, data };
}

/** Nearest-neighbour scaling: enough to compare pictures in tests. */
function scaled(image: RasterImage, width: number, height: number): RasterImage {
  if (image.width === width && image.height === height && image.channels === 3) return image;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = Math.floor((x * image.width) / width);
      const sy = Math.floor((y * image.height) / height);
      for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = Number(image.data[(sy * image.width + sx) * image.channels + c]);
    }
  }
  return { width, height, channels: 3, bitDepth: 8, data };
}

// ---------------------------------------------------------------- layers
export interface LayerSpec {
  name?: string;
  source?: FakeAvItem | null;
  startTime?: number;
  inPoint?: number;
  outPoint?: number;
  /** 'camera' and 'light' layers have Layer's members only (no source). */
  kind?: 'av' | 'camera' | 'light';
}

export class FakeAeLayer extends Simulated {
  readonly id = nextId++;
  enabledFlag = true;
  soloFlag = false;
  start: number;
  inTime: number;
  outTime: number;
  stretch = 100;
  nullLayer = false;
  adjustmentLayer = false;
  threeDLayer = false;
  timeRemapEnabled = false;
  guideLayer = false;
  locked = false;
  selected = false;
  comment = '';
  audioEnabled = false;
  readonly hasAudio = false;
  constructor(readonly comp: FakeCompItem, public name: string, readonly source: FakeAvItem | null, readonly kind: 'av' | 'camera' | 'light', start: number, inPoint: number, outPoint: number) {
    super();
    this.start = start;
    this.inTime = inPoint;
    this.outTime = outPoint;
  }
  get className(): string {
    return this.kind === 'av' ? 'AVLayer' : 'Layer';
  }
  get index(): number {
    return this.comp.layerList.indexOf(this) + 1;
  }
  get containingComp(): object {
    return this.comp.view;
  }
  get hasVideo(): boolean {
    return this.kind === 'av' && (this.source === null || this.source.hasVideo);
  }
  get width(): number { return this.source?.width ?? this.comp.width; }
  get height(): number { return this.source?.height ?? this.comp.height; }
  get solo(): boolean { return this.soloFlag; }
  set solo(on: boolean) { changeField(this, 'soloFlag', Boolean(on), 'Solo'); }
  get enabled(): boolean { return this.enabledFlag; }
  set enabled(on: boolean) { changeField(this, 'enabledFlag', Boolean(on), 'Video switch'); }
  get startTime(): number { return this.start; }
  /** Moving a layer in time moves its in and out points with it. */
  set startTime(seconds: number) {
    const before = { start: this.start, inTime: this.inTime, outTime: this.outTime };
    const delta = seconds - this.start;
    Object.assign(this, { start: seconds, inTime: this.inTime + delta, outTime: this.outTime + delta });
    recordChange('Layer start time', () => Object.assign(this, before));
  }
  get inPoint(): number { return this.inTime; }
  set inPoint(seconds: number) { changeField(this, 'inTime', Math.min(Math.max(seconds, this.mediaStart()), this.outTime), 'Trim layer'); }
  get outPoint(): number { return this.outTime; }
  set outPoint(seconds: number) { changeField(this, 'outTime', Math.max(Math.min(seconds, this.mediaEnd()), this.inTime), 'Trim layer'); }
  /** Time-based footage cannot be trimmed beyond its media. */
  private mediaStart(): number {
    return this.source instanceof FakeFootageItem ? this.start : -Infinity;
  }
  private mediaEnd(): number {
    return this.source instanceof FakeFootageItem ? this.start + (this.source.duration * this.stretch) / 100 : Infinity;
  }
  get active(): boolean {
    return this.activeAtTime(this.comp.time);
  }
  activeAtTime(seconds: number): boolean {
    const soloing = this.comp.layerList.some((l) => l.soloFlag && l.hasVideo);
    return this.enabledFlag && this.hasVideo && (!soloing || this.soloFlag) && this.inTime <= seconds && seconds < this.outTime;
  }
  moveBefore(other: FakeAeLayer): boolean {
    return this.moveBeside(other, 0, 'moveBefore');
  }
  moveAfter(other: FakeAeLayer): boolean {
    return this.moveBeside(other, 1, 'moveAfter');
  }
  private moveBeside(other: FakeAeLayer, offset: 0 | 1, method: string): boolean {
    if (!(other instanceof FakeAeLayer) || other.comp !== this.comp) throw new Error(`${method}: the layer is not in this composition`);
    const list = this.comp.layerList;
    const from = list.indexOf(this);
    list.splice(from, 1);
    list.splice(list.indexOf(other) + offset, 0, this);
    recordChange('Move layer', () => { list.splice(list.indexOf(this), 1); list.splice(from, 0, this); });
    return true;
  }
  remove(): boolean {
    const list = this.comp.layerList;
    const at = list.indexOf(this);
    if (at < 0) throw new Error('The layer was already removed');
    list.splice(at, 1);
    recordChange('Delete layer', () => list.splice(at, 0, this));
    return true;
  }
  /** Pixels of its own at comp time `seconds` (none for nulls, adjustment and guide layers, or without a source). */
  pictureAt(seconds: number, width: number, height: number): RasterImage | undefined {
    if (!this.source || this.nullLayer || this.adjustmentLayer || this.guideLayer) return undefined;
    return this.source.frameAt(((seconds - this.start) * 100) / this.stretch, width, height);
  }
}

class FakeLayerCollection extends Simulated {
  readonly className = 'LayerCollection';
  constructor(private readonly comp: FakeCompItem) {
    super();
  }
  get length(): number {
    return this.comp.layerList.length;
  }
  byIndex(index: number): object {
    const layer = this.comp.layerList[index - 1];
    if (!layer) throw new Error(`No layer at index ${index}`);
    return layer.view;
  }
  byName(name: string): object | null {
    return viewOf(this.comp.layerList.find((l) => l.name === name));
  }
  /** A new layer on top, at the comp's current time (the start-time preference is off). */
  add(item: FakeAvItem, duration?: number): object {
    if (!(item instanceof FakeAvItem) || item.project !== this.comp.project || item === this.comp || !item.parent) {
      throw new Error('layers.add: the item cannot be added as a layer to this composition');
    }
    const start = fakeAfterEffects.createLayersAtCompStart ? 0 : this.comp.time;
    const length = item instanceof FakeFootageItem && item.duration > 0 ? item.duration : duration ?? this.comp.duration;
    const layer = new FakeAeLayer(this.comp, item.name, item, 'av', start, start, start + length);
    this.comp.layerList.unshift(layer);
    recordChange('Add layer', () => this.comp.layerList.splice(this.comp.layerList.indexOf(layer), 1));
    return layer.view;
  }
}

/** A DeferredCall: `duration` is all it documents. */
class FakeDeferredCall extends Simulated {
  readonly className = 'DeferredCall';
  duration = 0;
}

export class FakeCompItem extends FakeAvItem {
  readonly className = 'CompItem';
  readonly typeName = 'Komposition';
  readonly layerList: FakeAeLayer[] = [];
  /** Layers in the order the editor selected them. */
  selectionOrder: FakeAeLayer[] = [];
  displayStartTime = 0;
  resolutionFactor = [1, 1];
  constructor(project: FakeAeProject, name: string, public width: number, public height: number, public frameRate: number, public duration: number) {
    super(project, name);
  }
  get layers(): object {
    return new FakeLayerCollection(this).view;
  }
  get numLayers(): number {
    return this.layerList.length;
  }
  layer(index: number): object {
    return new FakeLayerCollection(this).byIndex(index);
  }
  get selectedLayers(): object[] {
    return this.selectionOrder.filter((l) => this.layerList.includes(l)).map((l) => l.view);
  }
  /** Adds a layer at the bottom of the stack (tests build comps top to bottom). */
  addLayer(spec: LayerSpec): FakeAeLayer {
    const source = spec.source === undefined ? this.project.addMovie(`${spec.name ?? 'Footage'}.mov`) : spec.source;
    const start = spec.startTime ?? 0;
    const layer = new FakeAeLayer(this, spec.name ?? source?.name ?? 'Layer', source, spec.kind ?? 'av', start,
      spec.inPoint ?? start, spec.outPoint ?? Math.min(this.duration, start + (source?.duration || this.duration)));
    this.layerList.push(layer);
    return layer;
  }
  select(...layers: FakeAeLayer[]): void {
    this.layerList.forEach((l) => { l.selected = layers.includes(l); });
    this.selectionOrder = [...layers];
  }
  /** What the comp shows at `seconds`: the topmost layer that renders then, or the black background. */
  frameAt(seconds: number, width = this.width, height = this.height): RasterImage {
    for (const layer of this.layerList) {
      if (!layer.activeAtTime(seconds)) continue;
      const picture = layer.pictureAt(seconds, width, height);
      if (picture) return picture;
    }
    return solid(width, height, [0, 0, 0]);
  }
  /** Renders the frame once the current task has ended, from the comp as it is then, in two parts. */
  saveFrameToPng(seconds: number, file: string, _maxAbortInterval?: number): object {
    fakeAfterEffects.onSaveFrame?.(++fakeAfterEffects.renderCalls);
    const call = new FakeDeferredCall();
    const started = Date.now();
    setTimeout(() => {
      if (!(seconds >= 0 && seconds < this.duration) || !fs.existsSync(path.dirname(file))) return;
      const png = encodePng(this.frameAt(seconds));
      writeInTwoParts(file, png, () => { call.duration = (Date.now() - started) / 1000; });
    }, 0);
    return call.view;
  }
  saveDraftFrameToPng(seconds: number, file: string): object {
    return this.saveFrameToPng(seconds, file);
  }
}

function writeInTwoParts(file: string, bytes: Uint8Array, done: () => void): void {
  const half = Math.floor(bytes.length / 2);
  fs.writeFileSync(file, bytes.subarray(0, half));
  fakeFileLocks.add(file);
  setTimeout(() => {
    try {
      if (fs.existsSync(path.dirname(file))) fs.appendFileSync(file, bytes.subarray(half));
      done();
    } finally {
      fakeFileLocks.delete(file);
    }
  }, fakeAfterEffects.renderTailMs);
}

// ---------------------------------------------------------------- project
const DEFAULT_XMP = '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
  + ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
  + '  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
  + '   <xmp:CreatorTool>Adobe After Effects 27.0 (Windows)</xmp:CreatorTool>\n'
  + '   <dc:format>application/vnd.adobe.aftereffects.project</dc:format>\n'
  + '  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="w"?>';

export class FakeAeProject extends Simulated {
  readonly className = 'Project';
  readonly root: FakeAeFolder;
  selectedItems: FakeAeItem[] = [];
  xmpText = DEFAULT_XMP;
  private movies = 0;
  constructor(public file: string) {
    super();
    this.root = new FakeAeFolder(this, 'root');
  }
  get rootFolder(): object { return this.root.view; }
  get items(): object { return new FakeItemCollection(this.root).view; }
  get numItems(): number { return this.allItems().length; }
  get dirty(): boolean { return fakeAfterEffects.undoStack.length > 0; }
  get selection(): object[] { return this.selectedItems.map((i) => i.view); }
  get activeItem(): object | null {
    return this.selectedItems.length === 1 ? this.selectedItems[0].view : null;
  }
  item(index: number): object {
    return this.root.item(index);
  }
  itemByID(id: number): object {
    const found = this.allItems().find((i) => i.id === id);
    if (!found) throw new Error(`No item with id ${id}`);
    return found.view;
  }
  layerByID(id: number): object | null {
    if (!Number.isInteger(id) || id < 0) throw new Error(`layerByID: invalid layer id ${id}`);
    return viewOf(this.comps().flatMap((c) => c.layerList).find((l) => l.id === id));
  }
  importPlaceholder(name: string, width: number, height: number, frameRate: number, duration: number): object {
    const inRange = (v: number, lo: number, hi: number) => Number.isFinite(v) && v >= lo && v <= hi;
    if (!inRange(width, 4, 30000) || !inRange(height, 4, 30000) || !inRange(frameRate, 1, 99) || !inRange(duration, 0, 10800)) {
      throw new Error(`importPlaceholder: a value is out of range (${width}×${height}, ${frameRate} fps, ${duration} s)`);
    }
    const item = new FakeFootageItem(this, name, new FakeFootageSource({ kind: 'placeholder', fps: frameRate, duration, width, height }));
    this.root.attach(item);
    recordChange('Import placeholder', () => item.parent?.detach(item));
    return item.view;
  }
  get xmpPacket(): string {
    return this.xmpText;
  }
  /** A packet whose elements do not balance is refused, as an XMP parser would. */
  set xmpPacket(packet: string) {
    if (typeof packet !== 'string' || !balancedXml(packet)) throw new Error('xmpPacket: the value is not a valid XMP packet');
    changeField(this as FakeAeProject, 'xmpText', packet, 'Project metadata');
  }

  // ---- test handles
  allItems(): FakeAeItem[] {
    const walk = (folder: FakeAeFolder): FakeAeItem[] => folder.children.flatMap((c) => (c instanceof FakeAeFolder ? [c, ...walk(c)] : [c]));
    return walk(this.root);
  }
  comps(): FakeCompItem[] {
    return this.allItems().filter((i): i is FakeCompItem => i instanceof FakeCompItem);
  }
  addComp(spec: { name?: string; width?: number; height?: number; fps?: number; duration?: number } = {}): FakeCompItem {
    const comp = new FakeCompItem(this, spec.name ?? 'Comp 1', spec.width ?? 64, spec.height ?? 36, spec.fps ?? 24, spec.duration ?? 10);
    this.root.attach(comp);
    return comp;
  }
  /** A synthetic movie beside the project (its file exists, so it is not missing); `picture` is shown at every time instead of the scene. */
  addMovie(name: string, spec: { fps?: number; duration?: number; width?: number; height?: number; picture?: RasterImage } = {}): FakeFootageItem {
    const file = path.join(path.dirname(this.file || path.join(process.cwd(), 'x')), 'Footage', name);
    if (this.file) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, 'movie');
    }
    const item = new FakeFootageItem(this, name, new FakeFootageSource({
      kind: 'movie', file, seed: ++this.movies * 7 + 3, fps: spec.fps ?? 24, duration: spec.duration ?? 600,
      width: spec.width ?? spec.picture?.width ?? 64, height: spec.height ?? spec.picture?.height ?? 36, picture: spec.picture,
    }));
    this.root.attach(item);
    return item;
  }
  selectItems(...items: FakeAeItem[]): void {
    this.selectedItems = items;
  }
  folderNamed(name: string): FakeAeFolder | undefined {
    return this.root.children.find((c): c is FakeAeFolder => c instanceof FakeAeFolder && c.name === name);
  }
  /** Everything an editor could see changed: folders, items, layers and their timing and switches. */
  snapshot(): unknown {
    const describe = (folder: FakeAeFolder): unknown => folder.children.map((c) => (c instanceof FakeAeFolder ? { folder: c.name, items: describe(c) } : c.name));
    return {
      items: describe(this.root),
      comps: this.comps().map((c) => c.layerList.map((l) => [l.name, l.start, l.inTime, l.outTime, l.soloFlag, l.enabledFlag])),
      xmp: this.xmpText,
    };
  }
}

function balancedXml(text: string): boolean {
  const stack: string[] = [];
  for (const [, closing, name, selfClosing] of text.matchAll(/<(\/?)([A-Za-z_][\w:.-]*)[^>]*?(\/?)>/g)) {
    if (selfClosing) continue;
    if (!closing) stack.push(name);
    else if (stack.pop() !== name) return false;
  }
  return stack.length === 0;
}

export function openAeProject(file: string): FakeAeProject {
  if (file) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'fake project');
  }
  const project = new FakeAeProject(file);
  fakeAfterEffects.project = project;
  return project;
}

// ---------------------------------------------------------------- application
class FakeApplication extends Simulated {
  readonly className = 'Application';
  readonly isBeta = true;
  get version(): string {
    return `${fakeAfterEffects.version}.0x42`;
  }
  get project(): object | null {
    return viewOf(fakeAfterEffects.project);
  }
  beginUndoGroup(label: string): boolean {
    const open = fakeAfterEffects.openGroup;
    if (open) {
      open.depth++;
      return true;
    }
    const group = { label, reverts: [], depth: 1 };
    fakeAfterEffects.openGroup = group;
    setTimeout(() => {
      if (fakeAfterEffects.openGroup !== group) return;
      fakeAfterEffects.groupsLeftOpenAcrossTasks++;
      fakeAfterEffects.openGroup = undefined;
      fakeAfterEffects.undoStack.push(group);
    }, 0);
    return true;
  }
  endUndoGroup(): boolean {
    const open = fakeAfterEffects.openGroup;
    if (!open) throw new Error('endUndoGroup: no undo group has been begun');
    if (--open.depth > 0) return true;
    fakeAfterEffects.openGroup = undefined;
    if (open.reverts.length > 0) fakeAfterEffects.undoStack.push({ label: open.label, reverts: open.reverts });
    return true;
  }
}

export const afterEffectsApp = new FakeApplication();
