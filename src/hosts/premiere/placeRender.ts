/**
 * Puts a render on the timeline, on the lowest track above the source clip that is free over the
 * clip's range, at the clip's start. Choosing a free track means no other item is ever
 * overwritten; the source clip is never touched.
 *
 * Two transactions, because an action may capture the item's duration when it is created:
 *  1. "Prepare Coherent Style render": the imported stills get the sequence's frame rate and scale
 *     to the frame (a change to the bin item, not the timeline);
 *  2. "Apply Coherent Style", the one undo step on the timeline: an overwrite onto the free track,
 *     or, when no track above is free, an insert onto a new track (only createInsertProjectItemAction
 *     documents creating a track; limitShift keeps every other track as it is).
 * Then the timeline is read back: the render must be on the intended track from the clip's start
 * for frames x ticks per frame; otherwise the caller removes the import and tells the editor.
 */
import { CoherentStyleError } from '../../engine/errors';
import { premiere, type PProject, type PProjectItem, type PSequence, type TickTime } from './pproApi';
import { TICKS_PER_SECOND, ticksOf } from './timeline';
import { lockedTransaction } from './transactions';

export const UNDO_LABEL = 'Apply Coherent Style';
export const PREPARE_LABEL = 'Prepare Coherent Style render';

/** Stills carry no audio, but the edit actions take an audio track index: A1 is valid in every sequence with audio. */
const AUDIO_TRACK_INDEX = 0;

/** Lowest video track above `sourceTrackIndex` with nothing in [start, end); the track count if none. */
export async function freeTrackAbove(sequence: PSequence, sourceTrackIndex: number, start: TickTime, end: TickTime): Promise<number> {
  const clipType = premiere().Constants.TrackItemType.CLIP;
  const count = await sequence.getVideoTrackCount();
  const from = ticksOf(start);
  const to = ticksOf(end);
  for (let index = sourceTrackIndex + 1; index < count; index++) {
    const items = (await sequence.getVideoTrack(index)).getTrackItems(clipType, false);
    let busy = false;
    for (const item of items) {
      if (ticksOf(await item.getStartTime()) < to && ticksOf(await item.getEndTime()) > from) {
        busy = true;
        break;
      }
    }
    if (!busy) return index;
  }
  return count;
}

/** Gives the imported stills the sequence's frame rate and frame size (before any placement captures their duration). */
export function prepareRender(project: PProject, render: PProjectItem, fps: number): void {
  const clip = premiere().ClipProjectItem.cast(render);
  if (!clip) throw new CoherentStyleError('HOST', `The imported render "${render.name}" is not a clip.`);
  const ok = lockedTransaction(project, PREPARE_LABEL, (compound) => {
    compound.addAction(clip.createSetOverrideFrameRateAction(fps));
    compound.addAction(clip.createSetScaleToFrameSizeAction());
  });
  if (!ok) throw new CoherentStyleError('HOST', `Premiere Pro refused to set the frame rate of the render "${render.name}".`);
}

/** Places the render at `start` on video track `trackIndex` (a new track when it is the track count) and checks where it landed. */
export async function placeRender(
  project: PProject, sequence: PSequence, render: PProjectItem, start: TickTime, trackIndex: number, durationTicks: bigint,
): Promise<void> {
  const api = premiere();
  const editor = api.SequenceEditor.getEditor(sequence);
  const count = await sequence.getVideoTrackCount();
  const ok = lockedTransaction(project, UNDO_LABEL, (compound) => {
    compound.addAction(trackIndex < count
      ? editor.createOverwriteItemAction(render, start, trackIndex, AUDIO_TRACK_INDEX)
      : editor.createInsertProjectItemAction(render, start, trackIndex, AUDIO_TRACK_INDEX, true));
  });
  const where = `track V${trackIndex + 1}`;
  if (!ok) throw new CoherentStyleError('HOST', `Premiere Pro refused to place the render on ${where}.`);
  const placed = await placedSpan(sequence, render, trackIndex);
  const from = ticksOf(start);
  if (!placed) throw new CoherentStyleError('HOST', `Premiere Pro did not place the render on ${where}.`);
  if (placed.start !== from || placed.end - placed.start !== durationTicks) {
    throw new CoherentStyleError('HOST', `Premiere Pro placed the render on ${where} at the wrong time or length `
      + `(${seconds(placed.start)}–${seconds(placed.end)} s instead of ${seconds(from)}–${seconds(from + durationTicks)} s).`);
  }
}

async function placedSpan(sequence: PSequence, render: PProjectItem, trackIndex: number): Promise<{ start: bigint; end: bigint } | undefined> {
  if (trackIndex >= (await sequence.getVideoTrackCount())) return undefined;
  const items = (await sequence.getVideoTrack(trackIndex)).getTrackItems(premiere().Constants.TrackItemType.CLIP, false);
  for (const item of items) {
    if ((await item.getProjectItem()).getId() === render.getId()) {
      return { start: ticksOf(await item.getStartTime()), end: ticksOf(await item.getEndTime()) };
    }
  }
  return undefined;
}

const seconds = (ticks: bigint) => (Number(ticks) / Number(TICKS_PER_SECOND)).toFixed(3);
