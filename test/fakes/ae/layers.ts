/**
 * Layers (layer.md, avlayer.md) and a comp's LayerCollection (layercollection.md). A layer renders
 * when enabled, between its in and out points, and when no layer is soloed or it is; a new layer
 * goes on top at the comp's current time.
 */
import type { RasterImage } from '../../../src/engine/images/image';
import type { FakeCompItem } from './compItem';
import { FakeFootageItem } from './footage';
import { FakeAvItem } from './items';
import { Simulated, viewOf } from './simulated';
import { fakeAfterEffects, nextSimulatedId } from './state';
import { changeField, recordChange } from './undo';

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
  readonly id = nextSimulatedId();
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

export class FakeLayerCollection extends Simulated {
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
