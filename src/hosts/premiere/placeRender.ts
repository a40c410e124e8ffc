/**
 * Puts a render on the timeline as ONE undo step ("Apply Coherent Style"): the imported stills get
 * the sequence's frame rate and scale to the frame, and are overwritten onto the lowest track above
 * the source clip that is free over the clip's range (a new track when none is), at the clip's start.
 * Choosing a free track means no other item is ever overwritten; the source clip is never touched.
 */
import { CoherentStyleError } from '../../engine/errors';
import { premiere, type PProject, type PProjectItem, type PSequence, type TickTime } from './pproApi';
import { ticksOf } from './timeline';
import { lockedTransaction } from './transactions';

export const UNDO_LABEL = 'Apply Coherent Style';

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

export function placeRender(
  project: PProject, sequence: PSequence, render: PProjectItem, start: TickTime, trackIndex: number, fps: number,
): void {
  const api = premiere();
  const clip = api.ClipProjectItem.cast(render);
  const editor = api.SequenceEditor.getEditor(sequence);
  const ok = lockedTransaction(project, UNDO_LABEL, (compound) => {
    compound.addAction(clip.createSetOverrideFrameRateAction(fps));
    compound.addAction(clip.createSetScaleToFrameSizeAction());
    compound.addAction(editor.createOverwriteItemAction(render, start, trackIndex, -1));
  });
  if (!ok) throw new CoherentStyleError('HOST', `Premiere Pro refused to place the render on track V${trackIndex + 1}. The rendered frames are kept in the "Coherent Style" bin.`);
}
