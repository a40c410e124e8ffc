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
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type {
  Action, CompoundAction, FrameRate, Guid, RectF, SequenceSettings, TickTime,
} from '@adobe/premierepro';
import type { RasterImage } from '../../src/engine/images/image';
import { encodePng } from '../../src/engine/images/imageCodec';
import { fromPlanarRgb, toPlanarRgb } from '../../src/engine/images/planar';
import { resizePlanar } from '../../src/engine/images/resize';
import { importableMedia } from './pproImportFormats';
import { ACTIONS_NEED_LOCK_SINCE, existsIn, NEWEST_VERSION, versionAtLeast, type SimulatedVersion } from './pproReference';
import { fakeFileLocks } from './uxp';
import type {
  PClipProjectItem, PFolderItem, PProject, PProjectItem, PProperties, PremiereApi, PSequence,
  PSequenceEditor, PTrackItem, PTrackItemSelection, PVideoTrack,
} from '../../src/apps/premiere/pproApi';

export const TICKS_PER_SECOND = 254016000000n;
/** Premiere's "indeterminate media timebase" default for stills, deliberately not the sequence's rate. */
export const DEFAULT_STILL_FPS = 29.97;
const VIDEO_GUID = '228CDA18-3625-4d2d-951E-348879E4ED93';
const AUDIO_GUID = '80B8E3D5-6DCA-4195-AEFB-CB5F407AB009';

// ---------------------------------------------------------------- module state
export interface FakePremiereState {
  /** The Premiere version simulated; members newer than it are absent. */
  version: SimulatedVersion;
  activeProject: FakeProject | null;
  exportCalls: number;
  /** Called before every frame export with the running count (tests cancel "during export" here). */
  onExportFrame: ((count: number) => void) | undefined;
  /** Premiere appends the format's extension even to "x.png" (→ "x.png.png"); false models a build that does not. */
  doublesExtension: boolean;
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
  version: NEWEST_VERSION, activeProject: null, exportCalls: 0, onExportFrame: undefined, doublesExtension: true,
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
function versioned<T extends object>(target: T, className: string): T {
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

/** Since 26.3 an action may only be created inside lockedAccess (the 26.3 changelog). */
function requireLockForAction(method: string): void {
  if (versionAtLeast(fakePremiere.version, ACTIONS_NEED_LOCK_SINCE) && fakePremiere.lockDepth === 0) {
    throw new Error(`${method}: actions must be created inside project.lockedAccess()`);
  }
}

// ---------------------------------------------------------------- time
class FakeTickTime implements Omit<Pick<TickTime, keyof TickTime>, 'add' | 'subtract' | 'multiply' | 'divide' | 'alignToFrame' | 'alignToNearestFrame'> {
  constructor(readonly value: bigint) {}
  get ticks(): string {
    return this.value.toString();
  }
  get ticksNumber(): number {
    return Number(this.value);
  }
  get seconds(): number {
    return Number(this.value) / Number(TICKS_PER_SECOND);
  }
  equals(other: TickTime): boolean {
    return BigInt(other.ticks) === this.value;
  }
  add(other: TickTime): TickTime {
    return tick(this.value + BigInt(other.ticks));
  }
  subtract(other: TickTime): TickTime {
    return tick(this.value - BigInt(other.ticks));
  }
  multiply(factor: number): TickTime {
    return tick(BigInt(Math.round(Number(this.value) * factor)));
  }
  divide(divisor: number): TickTime {
    return tick(BigInt(Math.round(Number(this.value) / divisor)));
  }
  alignToFrame(rate: FrameRate): TickTime {
    const tpf = BigInt(rate.ticksPerFrame);
    return tick((this.value / tpf) * tpf);
  }
  alignToNearestFrame(rate: FrameRate): TickTime {
    const tpf = BigInt(rate.ticksPerFrame);
    return tick(((this.value + tpf / 2n) / tpf) * tpf);
  }
}

/** TickTime's declaration also carries constructor signatures no instance can have; the members are checked above. */
export function tick(value: bigint): TickTime {
  return versioned(new FakeTickTime(value), 'TickTime') as unknown as TickTime;
}

export const seconds = (s: number): TickTime => tick(BigInt(Math.round(s * Number(TICKS_PER_SECOND))));
const ticksOf = (t: TickTime): bigint => BigInt(t.ticks);

/** NTSC rates (23.976, 29.97, 47.952, 59.94, 119.88) as written in Premiere's sequence settings, and their integer base rate. */
function ntscBaseRate(fps: number): bigint | undefined {
  const base = Math.round(fps * 1.001);
  return Number.isInteger(fps) || Math.abs(fps - base / 1.001) > 0.0005 ? undefined : BigInt(base);
}

/** A sequence's (or a still's default) frame duration: NTSC rates are exact, 254016000000 × 1001 / (base × 1000). */
export function ticksPerFrame(fps: number): bigint {
  const ntsc = ntscBaseRate(fps);
  if (ntsc !== undefined) return (TICKS_PER_SECOND * 1001n) / (ntsc * 1000n);
  return literalTicksPerFrame(fps);
}

/**
 * The frame duration an override frame rate gives: the reference documents only "overriddenFrameRateValue:
 * number", so the simulator takes the value literally (29.97 is not snapped to NTSC's exact duration).
 */
function literalTicksPerFrame(fps: number): bigint {
  return BigInt(Math.round(Number(TICKS_PER_SECOND) / fps));
}

function frameRate(fps: number): FrameRate {
  const rate: Pick<FrameRate, 'ticksPerFrame' | 'value' | 'equals'> = {
    ticksPerFrame: Number(ticksPerFrame(fps)),
    value: fps,
    equals: (other) => other.value === fps,
  };
  return versioned(rate, 'FrameRate') as FrameRate;
}

function makeGuid(text: string): Guid {
  const value: Pick<Guid, 'toString'> = { toString: () => text };
  return value as Guid;
}

let nextId = 1;
const newId = (prefix: string) => `${prefix}-${nextId++}`;

// ---------------------------------------------------------------- actions
class FakeAction {
  constructor(readonly kind: string, readonly run: () => void) {}
}

function action(kind: string, run: () => void): Action {
  requireLockForAction(kind);
  return new FakeAction(kind, run);
}

class FakeCompoundAction implements CompoundAction {
  readonly actions: FakeAction[] = [];
  addAction(a: Action): boolean {
    if (!(a instanceof FakeAction)) throw new Error('Not an action of this project');
    this.actions.push(a);
    return true;
  }
  get empty(): boolean {
    return this.actions.length === 0;
  }
}

export interface RecordedTransaction {
  label: string | undefined;
  actions: string[];
  insideLockedAccess: boolean;
}

// ---------------------------------------------------------------- project items
export class FakeProjectItem implements PProjectItem, PClipProjectItem {
  readonly id = newId('item');
  parent: FakeBin | undefined;
  overrideFps: number | undefined;
  scaleToFrame = false;
  constructor(
    public name: string,
    readonly type: number,
    /** `codec`: an imported video's (ffprobe's name); `stillCount`: an imported still or numbered stills'. */
    readonly media: { path: string; sceneSeed: number; durationSeconds: number; stillCount?: number; codec?: string; picture?: RasterImage } | undefined,
  ) {
    return versioned(this, 'ClipProjectItem');
  }
  getId(): string {
    return this.id;
  }
  async getMediaFilePath(): Promise<string> {
    const native = this.media?.path ?? '';
    return fakePremiere.pathStyle === 'windows' ? native.replace(/\//g, '\\').toUpperCase() : native;
  }
  createSetOverrideFrameRateAction(fps: number): Action {
    return action('setOverrideFrameRate', () => { this.overrideFps = fps; });
  }
  createSetScaleToFrameSizeAction(): Action {
    return action('setScaleToFrameSize', () => { this.scaleToFrame = true; });
  }
  /** Duration in ticks when placed on a timeline now. */
  durationTicks(): bigint {
    if (this.media?.stillCount === undefined) return BigInt(Math.round((this.media?.durationSeconds ?? 0) * Number(TICKS_PER_SECOND)));
    const frameTicks = this.overrideFps === undefined ? ticksPerFrame(DEFAULT_STILL_FPS) : literalTicksPerFrame(this.overrideFps);
    return BigInt(this.media.stillCount) * frameTicks;
  }
}

export class FakeBin extends FakeProjectItem implements PFolderItem {
  readonly children: FakeProjectItem[] = [];
  constructor(name: string, type = TYPE_BIN) {
    super(name, type, undefined);
    return versioned(this, 'FolderItem');
  }
  async getItems(): Promise<PProjectItem[]> {
    return [...this.children];
  }
  add(item: FakeProjectItem): void {
    item.parent = this;
    this.children.push(item);
  }
  createBinAction(name: string, makeUnique: boolean): Action {
    return action('createBin', () => {
      let unique = name;
      for (let n = 2; makeUnique && this.children.some((c) => c.name === unique); n++) unique = `${name} ${n}`;
      this.add(new FakeBin(unique));
    });
  }
  /** Removing an item from the project also removes its clips from every sequence, as in Premiere. */
  createRemoveItemAction(item: PProjectItem): Action {
    return action('removeItem', () => {
      const index = this.children.indexOf(item as FakeProjectItem);
      if (index < 0) throw new Error(`${item.name} is not in bin ${this.name}`);
      this.children.splice(index, 1);
      for (const seq of fakePremiere.activeProject?.sequences ?? []) {
        for (const track of [...seq.videoTracks, ...seq.audioTracks]) {
          for (const placed of [...track.items]) if (placed.projectItem === item) track.items.splice(track.items.indexOf(placed), 1);
        }
      }
    });
  }
}

const TYPE_CLIP = 1;
const TYPE_BIN = 2;
const TYPE_ROOT = 3;

// ---------------------------------------------------------------- timeline
export class FakeTrackItem implements PTrackItem {
  constructor(
    readonly projectItem: FakeProjectItem,
    public track: FakeTrack,
    public start: bigint,
    public end: bigint,
    public inPoint: bigint,
    public name = projectItem.name,
  ) {
    return versioned(this, track.kind === 'video' ? 'VideoClipTrackItem' : 'AudioClipTrackItem');
  }
  async getName(): Promise<string> { return this.name; }
  async getStartTime(): Promise<TickTime> { return tick(this.start); }
  async getEndTime(): Promise<TickTime> { return tick(this.end); }
  async getInPoint(): Promise<TickTime> { return tick(this.inPoint); }
  async getOutPoint(): Promise<TickTime> { return tick(this.inPoint + this.end - this.start); }
  async getTrackIndex(): Promise<number> { return this.track.index(); }
  async getMediaType(): Promise<Guid> { return makeGuid(this.track.kind === 'video' ? VIDEO_GUID : AUDIO_GUID); }
  async getProjectItem(): Promise<PProjectItem> { return this.projectItem; }
  /** Shifts the item along its track by `tickTime` (the reference: "by shifting it by a number of seconds"). */
  createMoveAction(tickTime: TickTime): Action {
    const by = ticksOf(tickTime);
    return action('moveItem', () => {
      this.start += by;
      this.end += by;
    });
  }
}

export class FakeTrack implements PVideoTrack {
  readonly items: FakeTrackItem[] = [];
  muted = false;
  /** A locked track refuses setMute (it answers false) and edits onto it place nothing. */
  locked = false;
  /** Every setMute call, to check that exports restore what they change. */
  readonly muteCalls: boolean[] = [];
  constructor(readonly sequence: FakeSequence, readonly kind: 'video' | 'audio') {
    return versioned(this, kind === 'video' ? 'VideoTrack' : 'AudioTrack');
  }
  index(): number {
    return (this.kind === 'video' ? this.sequence.videoTracks : this.sequence.audioTracks).indexOf(this);
  }
  async setMute(mute: boolean): Promise<boolean> {
    this.muteCalls.push(mute);
    if (this.locked) return false;
    this.muted = mute;
    return true;
  }
  async isMuted(): Promise<boolean> {
    return this.muted;
  }
  getTrackItems(_type: number, _includeEmpty: boolean): PTrackItem[] {
    return [...this.items];
  }
  itemAt(time: bigint): FakeTrackItem | undefined {
    return this.items.find((i) => i.start <= time && time < i.end);
  }
}

export interface ClipSpec {
  name: string;
  track: number;
  startSeconds: number;
  durationSeconds: number;
  inSeconds?: number;
  kind?: 'video' | 'audio' | 'av';
  /** Selects the resulting track items. */
  selected?: boolean;
  /** What the clip shows at every time instead of the synthetic scene (e.g. a frame of real footage), scaled to the export size. */
  picture?: RasterImage;
}

export class FakeSequence implements PSequence {
  readonly guid: Guid;
  readonly videoTracks: FakeTrack[] = [];
  readonly audioTracks: FakeTrack[] = [];
  selection: FakeTrackItem[] = [];
  playerPosition = 0n;
  constructor(
    readonly project: FakeProject, readonly name: string, readonly fps: number, readonly width: number, readonly height: number,
    videoTracks: number, audioTracks: number,
  ) {
    this.guid = makeGuid(newId('sequence'));
    for (let i = 0; i < videoTracks; i++) this.videoTracks.push(new FakeTrack(this, 'video'));
    for (let i = 0; i < audioTracks; i++) this.audioTracks.push(new FakeTrack(this, 'audio'));
    return versioned(this, 'Sequence');
  }
  async getVideoTrackCount(): Promise<number> { return this.videoTracks.length; }
  async getAudioTrackCount(): Promise<number> { return this.audioTracks.length; }
  async getVideoTrack(index: number): Promise<PVideoTrack> {
    const track = this.videoTracks[index];
    if (!track) throw new Error(`No video track ${index}`);
    return track;
  }
  async getAudioTrack(index: number): Promise<FakeTrack> {
    const track = this.audioTracks[index];
    if (!track) throw new Error(`No audio track ${index}`);
    return track;
  }
  async getFrameSize(): Promise<RectF> {
    const size: Pick<RectF, 'width' | 'height'> = { width: this.width, height: this.height };
    return size as RectF;
  }
  async getPlayerPosition(): Promise<TickTime> { return tick(this.playerPosition); }
  /** What getTimebase answers instead of the frame duration (a malformed time base, e.g. "24" or "0"). */
  timebaseAnswer: string | undefined;
  /** The sequence's frame duration in ticks, as a string. */
  async getTimebase(): Promise<string> { return this.timebaseAnswer ?? ticksPerFrame(this.fps).toString(); }
  async getSettings(): Promise<Pick<SequenceSettings, 'getVideoFrameRate'>> {
    return versioned({ getVideoFrameRate: () => frameRate(this.fps) }, 'SequenceSettings');
  }
  async getSelection(): Promise<PTrackItemSelection> {
    const items = [...this.selection];
    return versioned({ getTrackItems: async () => items }, 'TrackItemSelection');
  }

  /** Adds a source clip (its media gets a scene of its own) and returns its track items. */
  addClip(spec: ClipSpec): FakeTrackItem[] {
    const seed = nextId++;
    const media = new FakeProjectItem(`${spec.name}.mov`, TYPE_CLIP,
      { path: path.join(path.dirname(this.project.path), `${spec.name}.mov`), sceneSeed: seed, durationSeconds: 600, picture: spec.picture });
    this.project.root.add(media);
    const start = ticksOf(seconds(spec.startSeconds));
    const end = start + ticksOf(seconds(spec.durationSeconds));
    const inPoint = ticksOf(seconds(spec.inSeconds ?? 0));
    const kinds = spec.kind === 'av' ? ['video', 'audio'] as const : [spec.kind ?? 'video'] as const;
    const items = kinds.map((kind) => {
      const track = (kind === 'video' ? this.videoTracks : this.audioTracks)[spec.track];
      const item = new FakeTrackItem(media, track, start, end, inPoint, spec.name);
      track.items.push(item);
      return item;
    });
    if (spec.selected) this.selection.push(...items);
    return items;
  }

  addVideoTrack(): FakeTrack {
    const track = new FakeTrack(this, 'video');
    this.videoTracks.push(track);
    return track;
  }

  /** The PNG the Program Monitor would show at `time`: the topmost unmuted video clip's scene. */
  renderFrame(time: bigint, width: number, height: number): Uint8Array {
    for (let t = this.videoTracks.length - 1; t >= 0; t--) {
      const track = this.videoTracks[t];
      if (track.muted) continue;
      const item = track.itemAt(time);
      if (!item) continue;
      const picture = item.projectItem.media?.picture;
      if (picture) return encodePng(fromPlanarRgb(resizePlanar(toPlanarRgb(picture), width, height), { bitDepth: 8 }));
      const sourceSeconds = Number(item.inPoint + time - item.start) / Number(TICKS_PER_SECOND);
      return encodePng(sceneFrame(item.projectItem.media?.sceneSeed ?? 0, sourceSeconds, width, height));
    }
    return encodePng({ width, height, channels: 3, bitDepth: 8, data: new Uint8Array(width * height * 3) });
  }
}

/** A moving scene: a seed-coloured gradient with a bright square sweeping across once per 2 s. */
export function sceneFrame(seed: number, t: number, width: number, height: number) {
  const data = new Uint8Array(width * height * 3);
  const side = Math.max(2, Math.round(height / 3));
  const x0 = Math.round(((t / 2) % 1) * (width - side));
  const y0 = Math.round(height / 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const inSquare = x >= x0 && x < x0 + side && y >= y0 && y < y0 + side;
      data[o] = inSquare ? 250 : (seed * 53 + x * 3) % 200;
      data[o + 1] = inSquare ? 240 : (seed * 97 + y * 5) % 200;
      data[o + 2] = inSquare ? 40 : (seed * 29 + (x + y) * 2) % 200;
    }
  }
  return { width, height, channels: 3 as const, bitDepth: 8 as const, data };
}

// ---------------------------------------------------------------- project
interface StoredProperty {
  value: string;
  persistent: boolean;
}

export class FakeProject implements PProject {
  readonly root = new FakeBin('root', TYPE_ROOT);
  readonly sequences: FakeSequence[] = [];
  activeSequence: FakeSequence | null = null;
  readonly transactions: RecordedTransaction[] = [];
  readonly properties = new Map<string, StoredProperty>();
  /** Called at the start of every importFiles (tests cancel "during import" here). */
  onImport: (() => void) | undefined;

  constructor(readonly path: string, readonly name: string, readonly guid: Guid = makeGuid(newId('project'))) {
    return versioned(this, 'Project');
  }

  /** A sequence with `videoTracks` video tracks and as many audio tracks unless `audioTracks` says otherwise. */
  addSequence(spec: { name?: string; fps?: number; width?: number; height?: number; videoTracks?: number; audioTracks?: number } = {}): FakeSequence {
    const videoTracks = spec.videoTracks ?? 3;
    const seq = new FakeSequence(this, spec.name ?? 'Sequence 01', spec.fps ?? 24, spec.width ?? 1920, spec.height ?? 1080, videoTracks, spec.audioTracks ?? videoTracks);
    this.sequences.push(seq);
    this.activeSequence = seq;
    return seq;
  }

  async getActiveSequence(): Promise<PSequence | null> {
    return this.activeSequence;
  }
  async getRootItem(): Promise<PFolderItem> {
    return this.root;
  }
  /**
   * Resolves at once; the items join their bin only after fakePremiere.importDelayMs. A file that
   * is missing, or of a format Premiere does not import (pproImportFormats.ts), makes it answer false.
   */
  async importFiles(filePaths: string[], _suppressUI?: boolean, targetBin?: PProjectItem, asNumberedStills?: boolean): Promise<boolean> {
    this.onImport?.();
    const bin = (targetBin as FakeBin | undefined) ?? this.root;
    if (!(bin instanceof FakeBin)) throw new Error('targetBin is not a bin');
    const media = filePaths.map((file) => (fs.existsSync(file) ? importableMedia(file) : undefined));
    if (media.some((m) => !m)) return false;
    const items = filePaths.map((file, i) => {
      const found = media[i]!;
      return new FakeProjectItem(path.basename(file), TYPE_CLIP, found.kind === 'video'
        ? { path: file, sceneSeed: 0, durationSeconds: found.durationSeconds, codec: found.codec }
        : { path: file, sceneSeed: 0, durationSeconds: 0, stillCount: asNumberedStills ? countNumberedStills(file) : 1 });
    });
    setTimeout(() => items.forEach((item) => bin.add(item)), fakePremiere.importDelayMs);
    return true;
  }
  executeTransaction(callback: (compound: CompoundAction) => void, undoString?: string): boolean {
    const compound = new FakeCompoundAction();
    callback(compound);
    for (const a of compound.actions) a.run();
    this.transactions.push({ label: undoString, actions: compound.actions.map((a) => a.kind), insideLockedAccess: fakePremiere.lockDepth > 0 });
    return true;
  }
  lockedAccess(callback: () => void): void {
    fakePremiere.lockDepth++;
    try {
      callback();
    } finally {
      fakePremiere.lockDepth--;
    }
  }

  /** Everything an editor could see changed: bins, items and tracks (not transient mute states during a job). */
  snapshot(): unknown {
    const describeBin = (bin: FakeBin): unknown => bin.children.map((c) => (c instanceof FakeBin ? { bin: c.name, items: describeBin(c) } : c.name));
    return {
      bins: describeBin(this.root),
      sequences: this.sequences.map((s) => ({
        video: s.videoTracks.map((t) => ({ muted: t.muted, items: t.items.map((i) => [i.name, i.start.toString(), i.end.toString()]) })),
        audio: s.audioTracks.map((t) => t.items.map((i) => [i.name, i.start.toString(), i.end.toString()])),
      })),
      properties: [...this.properties.entries()],
    };
  }

  binNamed(name: string): FakeBin | undefined {
    return this.root.children.find((c): c is FakeBin => c instanceof FakeBin && c.name === name);
  }
}

/** Numbered stills: the first file's trailing number, then every consecutive number present. */
function countNumberedStills(firstFile: string): number {
  const match = /^(.*?)(\d+)(\.[^.]+)$/.exec(path.basename(firstFile));
  if (!match) return 1;
  const [, prefix, digits, ext] = match;
  let count = 0;
  while (fs.existsSync(path.join(path.dirname(firstFile), `${prefix}${String(Number(digits) + count).padStart(digits.length, '0')}${ext}`))) count++;
  return count;
}

class FakeProperties implements PProperties {
  constructor(private readonly project: FakeProject) {
    return versioned(this, 'Properties');
  }
  getValue(name: string): string {
    return this.project.properties.get(name)?.value ?? '';
  }
  hasValue(name: string): boolean {
    return this.project.properties.has(name);
  }
  createSetValueAction(name: string, value: string | number | boolean, persistenceFlag: number): Action {
    return action('setProperty', () => {
      this.project.properties.set(name, { value: String(value), persistent: persistenceFlag === PROPERTY_PERSISTENT });
    });
  }
}

const PROPERTY_PERSISTENT = 0;

export function openNewProject(projectPath: string): FakeProject {
  fs.mkdirSync(path.dirname(projectPath), { recursive: true });
  fs.writeFileSync(projectPath, 'fake project');
  const project = new FakeProject(projectPath, path.basename(projectPath, '.prproj'));
  fakePremiere.activeProject = project;
  return project;
}

/** Closes and reopens the project: bins and timelines are saved, non-persistent properties are not. */
export function reopenProject(project: FakeProject, newPath = project.path): FakeProject {
  const reopened = new FakeProject(newPath, project.name, project.guid);
  reopened.root.children.push(...project.root.children);
  reopened.sequences.push(...project.sequences);
  reopened.activeSequence = project.activeSequence;
  for (const [name, stored] of project.properties) if (stored.persistent) reopened.properties.set(name, stored);
  fakePremiere.activeProject = reopened;
  return reopened;
}

/** Writes an exported frame in two parts; the file is locked against renames until the second lands. */
function writeInTwoParts(file: string, bytes: Uint8Array): void {
  const half = Math.floor(bytes.length / 2);
  fs.writeFileSync(file, bytes.subarray(0, half));
  fakeFileLocks.add(file);
  setTimeout(() => {
    try {
      if (fs.existsSync(path.dirname(file))) fs.appendFileSync(file, bytes.subarray(half));
    } finally {
      fakeFileLocks.delete(file);
    }
  }, fakePremiere.exportTailMs);
}

class FakeSequenceEditor implements PSequenceEditor {
  constructor(private readonly seq: FakeSequence) {
    return versioned(this, 'SequenceEditor');
  }
  /** The reference does not say which audio index is valid; the simulator refuses one the sequence does not have. */
  private audioIndexChecked(method: string, audioTrackIndex: number): void {
    if (!Number.isInteger(audioTrackIndex) || audioTrackIndex < 0 || audioTrackIndex >= this.seq.audioTracks.length) {
      throw new Error(`${method}: invalid audio track index ${audioTrackIndex}`);
    }
  }
  /** Captures the item's duration now; onto a track that does not exist it places nothing. */
  createOverwriteItemAction(projectItem: PProjectItem, time: TickTime, videoTrackIndex: number, audioTrackIndex: number): Action {
    this.audioIndexChecked('createOverwriteItemAction', audioTrackIndex);
    const item = projectItem as FakeProjectItem;
    const start = ticksOf(time);
    const end = start + item.durationTicks();
    return action('overwriteItem', () => {
      const track = this.seq.videoTracks[videoTrackIndex];
      if (!track || track.locked) return;
      // An overwrite edit removes whatever it covers.
      for (const other of [...track.items]) if (other.start < end && other.end > start) track.items.splice(track.items.indexOf(other), 1);
      track.items.push(new FakeTrackItem(item, track, start, end, 0n));
    });
  }
  /**
   * Inserts, shifting later items on the target track, or on every track (video and audio) without
   * limitShift, or always when fakePremiere.insertIgnoresLimitShift models that undocumented flag
   * meaning something else; a track index past the last creates a track.
   */
  createInsertProjectItemAction(projectItem: PProjectItem, time: TickTime, videoTrackIndex: number, audioTrackIndex: number, limitShift: boolean): Action {
    this.audioIndexChecked('createInsertProjectItemAction', audioTrackIndex);
    const item = projectItem as FakeProjectItem;
    const start = ticksOf(time);
    const duration = item.durationTicks();
    return action('insertItem', () => {
      const track = this.seq.videoTracks[videoTrackIndex] ?? this.seq.addVideoTrack();
      if (track.locked) return;
      const shifted = limitShift && !fakePremiere.insertIgnoresLimitShift ? [track] : [...this.seq.videoTracks, ...this.seq.audioTracks];
      for (const t of shifted) {
        for (const other of t.items) {
          if (other.start >= start) {
            other.start += duration;
            other.end += duration;
          }
        }
      }
      track.items.push(new FakeTrackItem(item, track, start, start + duration, 0n));
    });
  }
}

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
  Exporter: {
    async exportSequenceFrame(sequence: PSequence, time: TickTime, filename: string, filepath: string, width: number, height: number): Promise<boolean> {
      fakePremiere.onExportFrame?.(++fakePremiere.exportCalls);
      if (!fs.existsSync(filepath)) return false;
      const written = fakePremiere.doublesExtension ? `${filename}.png` : filename;
      writeInTwoParts(path.join(filepath, written), (sequence as FakeSequence).renderFrame(ticksOf(time), width, height));
      return true;
    },
  },
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
