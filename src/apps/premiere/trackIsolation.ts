/**
 * Export strategy: while a clip's frames are exported, every OTHER video track is muted, so the
 * exported frame is the selected clip alone (with its own effects, speed and alpha), not a title or
 * overlay on a higher track nor the layers below it. The clip's own track is unmuted if needed; every mute state is restored on every way out.
 * (Exporting the source range instead would lose the clip's effects and timing, and the API can
 * only export frames of a sequence.) VideoTrack.setMute answers a boolean and a locked track may
 * refuse, so each change is checked (the answer and the state read back) before any export.
 */
import { CoherentStyleError } from '../../engine/errors';
import type { PSequence, PVideoTrack } from './pproApi';

async function setMuteChecked(track: PVideoTrack, mute: boolean): Promise<boolean> {
  const accepted = await track.setMute(mute);
  return accepted !== false && (await track.isMuted()) === mute;
}

interface ChangedTrack {
  track: PVideoTrack;
  index: number;
  wasMuted: boolean;
}

export async function withOnlyTrackVisible<T>(sequence: PSequence, trackIndex: number, work: () => Promise<T>): Promise<T> {
  const changed: ChangedTrack[] = [];
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    const count = await sequence.getVideoTrackCount();
    for (let i = 0; i < count; i++) {
      const track = await sequence.getVideoTrack(i);
      const wasMuted = await track.isMuted();
      const wanted = i !== trackIndex;
      if (wasMuted === wanted) continue;
      changed.push({ track, index: i, wasMuted });
      if (!(await setMuteChecked(track, wanted))) {
        throw new CoherentStyleError('HOST', `Premiere Pro refused to ${wanted ? 'hide' : 'show'} track V${i + 1} for the export (is it locked?). `
          + `Unlock V${i + 1} and apply again; the other tracks' visibility was restored.`);
      }
    }
    outcome = { ok: true, value: await work() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  // A track left hidden matters more than the job's own outcome: the editor must hear of it.
  const unrestored = await restore(changed);
  if (unrestored.length > 0) throw restoreFailure(unrestored);
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/** Puts every changed track back; answers the indices that refused. */
async function restore(changed: ChangedTrack[]): Promise<number[]> {
  const unrestored: number[] = [];
  for (const { track, index, wasMuted } of [...changed].reverse()) {
    if ((await track.isMuted()) !== wasMuted && !(await setMuteChecked(track, wasMuted))) unrestored.push(index);
  }
  return unrestored;
}

function restoreFailure(indices: number[]): CoherentStyleError {
  const names = indices.map((i) => `V${i + 1}`).sort().join(', ');
  return new CoherentStyleError('HOST', `Premiere Pro refused to restore the visibility of ${names}. Toggle the eye icon of ${names} in the Timeline to restore it.`);
}
