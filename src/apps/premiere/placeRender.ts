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
 * Then every track (video and audio) is read back: the render must be on the intended track from
 * the clip's start for frames x ticks per frame, and nothing else may have moved; clips that did
 * are moved back, and the caller removes the import and tells the editor.
 */
import { CoherentStyleError } from '../../engine/errors';
import { premiere, type PProject, type PProjectItem, type PSequence, type TickTime } from './pproApi';
import { TICKS_PER_SECOND, ticksOf } from './timeline';
import { isUnchanged, layoutChange, readTimelineLayout, type LayoutChange, type TimelineClip } from './timelineLayout';
import { lockedTransaction } from './transactions';

export const UNDO_LABEL = 'Apply Coherent Style';
export const PREPARE_LABEL = 'Prepare Coherent Style render';
export const RESTORE_LABEL = 'Move clips back after Coherent Style';

/**
 * Stills carry no audio, but the edit actions take an audio track index: A1 exists in every sequence
 * with audio. In a sequence without audio tracks the reference does not say what is valid; a refusal
 * is reported with what to do.
 */
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
  const editor = premiere().SequenceEditor.getEditor(sequence);
  const count = await sequence.getVideoTrackCount();
  const where = `track V${trackIndex + 1}`;
  const before = await readTimelineLayout(sequence);
  let ok: boolean;
  try {
    ok = lockedTransaction(project, UNDO_LABEL, (compound) => {
      compound.addAction(trackIndex < count
        ? editor.createOverwriteItemAction(render, start, trackIndex, AUDIO_TRACK_INDEX)
        : editor.createInsertProjectItemAction(render, start, trackIndex, AUDIO_TRACK_INDEX, true));
    });
  } catch (e) {
    if ((await sequence.getAudioTrackCount()) > AUDIO_TRACK_INDEX) throw e;
    throw new CoherentStyleError('HOST', `Premiere Pro refused to place the render on ${where} because the sequence "${sequence.name}" has no audio track `
      + `(its edit actions take one, even for silent stills). Add an audio track (Sequence › Add Tracks) and apply again.`, { cause: e });
  }
  if (!ok) throw new CoherentStyleError('HOST', `Premiere Pro refused to place the render on ${where}.`);
  const after = await readTimelineLayout(sequence);
  const change = layoutChange(before, after, render.getId());
  if (!isUnchanged(change)) await putOtherClipsBack(project, sequence, before, render, change);
  const placed = after.get(`V${trackIndex + 1}`)?.find((clip) => clip.projectItemId === render.getId());
  const from = ticksOf(start);
  if (!placed) throw new CoherentStyleError('HOST', `Premiere Pro did not place the render on ${where}.`);
  if (placed.start !== from || placed.end - placed.start !== durationTicks) {
    throw new CoherentStyleError('HOST', `Premiere Pro placed the render on ${where} at the wrong time or length `
      + `(${seconds(placed.start)}–${seconds(placed.end)} s instead of ${seconds(from)}–${seconds(from + durationTicks)} s).`);
  }
}

/**
 * The placement changed more than the render's own track: the clips it shifted are moved back (one
 * more undoable step), the timeline is read again, and the editor is told what happened either way.
 */
async function putOtherClipsBack(
  project: PProject, sequence: PSequence, before: Map<string, TimelineClip[]>, render: PProjectItem, change: LayoutChange,
): Promise<never> {
  const api = premiere();
  const moved = [...change.displaced.map((d) => `${d.clip.track} "${d.clip.name}"`), ...change.otherwiseChanged].join(', ');
  if (change.displaced.length > 0) {
    lockedTransaction(project, RESTORE_LABEL, (compound) => {
      for (const { clip, formerStart } of change.displaced) {
        compound.addAction(clip.item.createMoveAction(api.TickTime.createWithTicks((formerStart - clip.start).toString())));
      }
    });
  }
  const restored = isUnchanged(layoutChange(before, await readTimelineLayout(sequence), render.getId()));
  throw new CoherentStyleError('HOST', restored
    ? `Premiere Pro moved other clips while placing the render (${moved}); they were moved back.`
    : `Premiere Pro changed other clips while placing the render (${moved}). Use Edit › Undo "${UNDO_LABEL}" to put them back.`);
}

const seconds = (ticks: bigint) => (Number(ticks) / Number(TICKS_PER_SECOND)).toFixed(3);
