/**
 * A video track as a matte (the panel's Region, "Inside a matte"): the tracks offered, and the
 * checks that a track can be the matte of a clip before anything is exported or changed. The
 * matte's frames are the track alone visible (trackIsolation.ts) at the clip's frame times, so the
 * track must have a clip at every one of them: a gap would export black and silently drop the look.
 */
import { CoherentStyleError } from '../../engine/errors';
import type { MatteSource } from '../../panel/panelHost';
import { premiere, type PSequence, type PTrackItem, type TickTime } from './pproApi';
import { frameTimesBetween, sequenceFrameRate, ticksOf, type SelectedClip } from './timeline';

const trackName = (index: number) => `V${index + 1}`;

function clipsOn(track: { getTrackItems(type: number, includeEmpty: boolean): PTrackItem[] }): PTrackItem[] {
  return track.getTrackItems(premiere().Constants.TrackItemType.CLIP, false);
}

/** Every video track of the sequence, top first: "V3 · Subject mask", "V1 (empty)". */
export async function listMatteTracks(sequence: PSequence): Promise<MatteSource[]> {
  const sources: MatteSource[] = [];
  for (let i = (await sequence.getVideoTrackCount()) - 1; i >= 0; i--) {
    const items = clipsOn(await sequence.getVideoTrack(i));
    const first = items.length > 0 ? await items[0].getName() : undefined;
    const more = items.length > 1 ? ` +${items.length - 1}` : '';
    sources.push({ id: String(i), label: first === undefined ? `${trackName(i)} (empty)` : `${trackName(i)} · ${first}${more}` });
  }
  return sources;
}

/** Seconds as the Timeline shows a time, for messages. */
const at = (time: TickTime) => `${time.seconds.toFixed(3)} s`;

/**
 * The track index the matte source names, once it is known to be a matte for `clip` at each of
 * `times`: in the sequence, not the clip's own track, a clip on it at every time.
 */
async function matteTrackFor(sequence: PSequence, source: string, clip: SelectedClip, times: readonly TickTime[]): Promise<number> {
  const index = /^\d+$/.test(source) ? Number(source) : -1;
  const count = await sequence.getVideoTrackCount();
  if (index < 0 || index >= count) {
    throw new CoherentStyleError('HOST', `The matte track ${index < 0 ? `"${source}"` : trackName(index)} is not in the sequence "${sequence.name}" `
      + '(it has been deleted, or another sequence is active). Choose the matte again under Region (Refresh lists the tracks). Nothing was changed.');
  }
  if (index === clip.trackIndex) {
    throw new CoherentStyleError('HOST', `The matte track ${trackName(index)} is the track of the clip "${clip.name}" itself: put the matte on a track of its own `
      + 'and choose that track under Region. Nothing was changed.');
  }
  const spans: [bigint, bigint][] = [];
  for (const item of clipsOn(await sequence.getVideoTrack(index))) spans.push([ticksOf(await item.getStartTime()), ticksOf(await item.getEndTime())]);
  const gap = times.find((time) => !spans.some(([start, end]) => start <= ticksOf(time) && ticksOf(time) < end));
  if (gap) {
    throw new CoherentStyleError('HOST', `The matte track ${trackName(index)} has no clip at ${at(gap)}, inside the clip "${clip.name}": the matte must cover `
      + 'the whole clip (extend the matte clip, or choose another track under Region). Nothing was changed.');
  }
  return index;
}

/** The matte track of each clip, in order, every one checked before any clip renders. */
export async function matteTracksFor(sequence: PSequence, source: string, clips: readonly SelectedClip[]): Promise<number[]> {
  const { ticksPerFrame } = await sequenceFrameRate(sequence);
  const tracks: number[] = [];
  for (const clip of clips) tracks.push(await matteTrackFor(sequence, source, clip, frameTimesBetween(clip.start, clip.end, ticksPerFrame)));
  return tracks;
}
