/**
 * Export strategy: while a clip's frames are exported, every OTHER video track is muted, so the
 * exported frame is the selected clip alone (with its own effects, speed and alpha), not a title or
 * overlay on a higher track nor the layers below it. The clip's own track is unmuted if needed; every mute state is restored on every way out.
 * (Exporting the source range instead would lose the clip's effects and timing, and the API can
 * only export frames of a sequence.)
 */
import type { PSequence, PVideoTrack } from './pproApi';

export async function withOnlyTrackVisible<T>(sequence: PSequence, trackIndex: number, work: () => Promise<T>): Promise<T> {
  const changed: { track: PVideoTrack; wasMuted: boolean }[] = [];
  try {
    const count = await sequence.getVideoTrackCount();
    for (let i = 0; i < count; i++) {
      const track = await sequence.getVideoTrack(i);
      const wasMuted = await track.isMuted();
      const wanted = i !== trackIndex;
      if (wasMuted === wanted) continue;
      changed.push({ track, wasMuted });
      await track.setMute(wanted);
    }
    return await work();
  } finally {
    for (const { track, wasMuted } of changed.reverse()) await track.setMute(wasMuted);
  }
}
