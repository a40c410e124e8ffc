/**
 * A sequence (sequence.md) with video and audio tracks, a track-item selection and a player
 * position; its settings (sequencesettings.md) and selection (trackitemselection.md) are views of
 * it. renderFrame is what the Program Monitor shows, for the exporter.
 */
import * as path from 'node:path';
import type { Guid, RectF, SequenceSettings, TickTime } from '@adobe/premierepro';
import type { RasterImage } from '../../../src/engine/images/image';
import { encodePng } from '../../../src/engine/images/imageCodec';
import { fromPlanarRgb, toPlanarRgb } from '../../../src/engine/images/planar';
import { resizePlanar } from '../../../src/engine/images/resize';
import type { PSequence, PTrackItemSelection, PVideoTrack } from '../../../src/apps/premiere/pproApi';
import { TYPE_CLIP } from './constants';
import type { FakeProject } from './project';
import { FakeProjectItem } from './projectItem';
import { sceneFrame } from './scene';
import { fakePremiere, makeGuid, newId, serial, versioned } from './state';
import { frameRate, seconds, tick, TICKS_PER_SECOND, ticksOf, ticksPerFrame } from './time';
import { FakeTrack } from './track';
import { FakeTrackItem } from './trackItem';

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
    const seed = serial();
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

  /**
   * The PNG the Program Monitor would show at `time`: the topmost unmuted video clip's scene, or
   * black. The exporter reference does not say whether the PNG has alpha: with
   * fakePremiere.exportsAlpha it is RGBA, opaque where a clip renders, transparent elsewhere.
   */
  renderFrame(time: bigint, width: number, height: number): Uint8Array {
    for (let t = this.videoTracks.length - 1; t >= 0; t--) {
      const track = this.videoTracks[t];
      if (track.muted) continue;
      const item = track.itemAt(time);
      if (!item) continue;
      const picture = item.projectItem.media?.picture;
      if (picture) return exported(fromPlanarRgb(resizePlanar(toPlanarRgb(picture), width, height), { bitDepth: 8 }), 255);
      const sourceSeconds = Number(item.inPoint + time - item.start) / Number(TICKS_PER_SECOND);
      return exported(sceneFrame(item.projectItem.media?.sceneSeed ?? 0, sourceSeconds, width, height), 255);
    }
    return exported({ width, height, channels: 3, bitDepth: 8, data: new Uint8Array(width * height * 3) }, 0);
  }
}

/** An RGB frame as the exporter writes it: RGB, or RGBA with `alpha` everywhere (fakePremiere.exportsAlpha). */
function exported(rgb: RasterImage, alpha: number): Uint8Array {
  if (!fakePremiere.exportsAlpha) return encodePng(rgb);
  const pixels = rgb.width * rgb.height;
  const data = new Uint8Array(pixels * 4);
  for (let i = 0; i < pixels; i++) data.set([rgb.data[i * 3], rgb.data[i * 3 + 1], rgb.data[i * 3 + 2], alpha], i * 4);
  return encodePng({ width: rgb.width, height: rgb.height, channels: 4, bitDepth: 8, data });
}
