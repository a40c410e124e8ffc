/**
 * Footage (footageitem.md) and its main source (filesource.md, placeholdersource.md): a synthetic
 * movie, a placeholder, or an image sequence on disk whose frame rate is the import preference
 * until conformFrameRate is set.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RasterImage } from '../../../src/engine/images/image';
import { decodeImage } from '../../../src/engine/images/imageCodec';
import { sceneFrame } from '../premiere/scene';
import { FakeAvItem } from './items';
import { scaled, solid } from './pictures';
import type { FakeAeProject } from './project';
import { Simulated } from './simulated';
import { fakeAfterEffects } from './state';
import { changeField, recordChange } from './undo';

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
