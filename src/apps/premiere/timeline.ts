/**
 * The editor's current timeline and selection: the active project's active sequence and the
 * video clips selected in it, with their times read once so a job works on a stable snapshot.
 */
import { CoherentStyleError } from '../../engine/errors';
import { premiere, type PProject, type PProjectItem, type PSequence, type PTrackItem, type TickTime } from './pproApi';

export interface TimelineContext {
  project: PProject;
  sequence: PSequence;
}

export interface SelectedClip {
  item: PTrackItem;
  name: string;
  /** Index of the clip's video track (0 = V1). */
  trackIndex: number;
  start: TickTime;
  end: TickTime;
  inPoint: TickTime;
  outPoint: TickTime;
  projectItem: PProjectItem;
}

/** The SDK's video media type, accepted besides the Constants value (whose runtime form is undocumented). */
const VIDEO_MEDIA_TYPE_GUID = '228cda18-3625-4d2d-951e-348879e4ed93';

export async function activeProject(): Promise<PProject> {
  const project = await premiere().Project.getActiveProject();
  if (!project) throw new CoherentStyleError('HOST', 'No project is open. Open a project in Premiere Pro, then try again.');
  return project;
}

export async function activeTimeline(): Promise<TimelineContext> {
  const project = await activeProject();
  const sequence = await project.getActiveSequence();
  if (!sequence) {
    throw new CoherentStyleError('HOST', 'No sequence is open. Open a sequence in the Timeline and select the clips to stylize.');
  }
  return { project, sequence };
}

async function isVideoItem(item: PTrackItem): Promise<boolean> {
  const mediaType = String(await item.getMediaType()).toLowerCase();
  return mediaType === String(premiere().Constants.MediaType.VIDEO).toLowerCase() || mediaType === VIDEO_MEDIA_TYPE_GUID;
}

/** The selected video clips in timeline order (track, then start); a clear message when there are none. */
export async function selectedVideoClips(sequence: PSequence): Promise<SelectedClip[]> {
  const items = await (await sequence.getSelection()).getTrackItems();
  if (items.length === 0) {
    throw new CoherentStyleError('HOST', 'Nothing is selected. Select one or more video clips in the Timeline, then click Apply.');
  }
  const clips: SelectedClip[] = [];
  for (const item of items) {
    if (!(await isVideoItem(item))) continue;
    clips.push({
      item,
      name: await item.getName(),
      trackIndex: await item.getTrackIndex(),
      start: await item.getStartTime(),
      end: await item.getEndTime(),
      inPoint: await item.getInPoint(),
      outPoint: await item.getOutPoint(),
      projectItem: await item.getProjectItem(),
    });
  }
  if (clips.length === 0) {
    throw new CoherentStyleError('HOST', 'Only audio clips are selected. Select the video clips to stylize, then click Apply.');
  }
  return clips.sort((a, b) => a.trackIndex - b.trackIndex || compareTicks(a.start, b.start));
}

export function ticksOf(time: TickTime): bigint {
  return BigInt(time.ticks);
}

export function compareTicks(a: TickTime, b: TickTime): number {
  const d = ticksOf(a) - ticksOf(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** Premiere's time unit: 254016000000 ticks a second (the TickTime reference). */
export const TICKS_PER_SECOND = 254016000000n;

/**
 * The fastest frame rate accepted (a frame duration of at least TICKS_PER_SECOND / 1000 ticks). A
 * time base below it is not a frame duration (a rate such as "24", read as ticks, would make one
 * second of timeline ~10^10 frames), so it is refused before any frame time is built.
 */
const MAX_FRAMES_PER_SECOND = 1000n;
const MIN_TICKS_PER_FRAME = TICKS_PER_SECOND / MAX_FRAMES_PER_SECOND;

function unusableTimebase(timebase: string, sequenceName?: string): CoherentStyleError {
  const of = sequenceName === undefined ? 'the sequence' : `the sequence "${sequenceName}"`;
  return new CoherentStyleError('HOST', `Premiere Pro reported an unusable frame duration ("${timebase}" ticks) for ${of}: `
    + `a frame must last at least ${MIN_TICKS_PER_FRAME} ticks (at most ${MAX_FRAMES_PER_SECOND} fps). Check its settings (Sequence › Sequence Settings).`);
}

/**
 * The sequence's frame duration in ticks and its rate in frames per second, from
 * Sequence.getTimebase() (ticks per frame, since 25.6; SequenceSettings.getVideoFrameRate only
 * exists from 26.2, later than the manifest's minVersion). NTSC rates are exact: 29.97 fps is
 * 8475667200 ticks (254016000000 × 1001 / 30000), never a rounded 254016000000 / 29.97.
 */
export async function sequenceFrameRate(sequence: PSequence): Promise<{ ticksPerFrame: bigint; fps: number }> {
  const timebase = String(await sequence.getTimebase()).trim();
  if (!/^\d+$/.test(timebase) || BigInt(timebase) < MIN_TICKS_PER_FRAME) throw unusableTimebase(timebase, sequence.name);
  const ticksPerFrame = BigInt(timebase);
  return { ticksPerFrame, fps: Number(TICKS_PER_SECOND) / Number(ticksPerFrame) };
}

/** The sequence's frame rate exactly, as a reduced fraction (what an encoder is given). */
export function exactFrameRate(ticksPerFrame: bigint): { num: number; den: number } {
  let [a, b] = [TICKS_PER_SECOND, ticksPerFrame];
  while (b !== 0n) [a, b] = [b, a % b];
  return { num: Number(TICKS_PER_SECOND / a), den: Number(ticksPerFrame / a) };
}

/** Times of every frame that starts inside [start, end), on the sequence's frame grid. */
export function frameTimesBetween(start: TickTime, end: TickTime, ticksPerFrame: bigint): TickTime[] {
  if (ticksPerFrame < MIN_TICKS_PER_FRAME) throw unusableTimebase(ticksPerFrame.toString());
  const first = ticksOf(start);
  const last = ticksOf(end);
  const times: TickTime[] = [];
  for (let t = first; t < last; t += ticksPerFrame) times.push(premiere().TickTime.createWithTicks(t.toString()));
  return times;
}
