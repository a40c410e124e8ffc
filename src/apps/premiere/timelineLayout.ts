/**
 * Every clip on every track of a sequence (video and audio), read before and after the placement
 * edit: the render must be the only change. An insert's limitShift is undocumented ("limitShift:
 * boolean"), so an insert that rippled other tracks would otherwise go unnoticed.
 */
import type { PAudioTrackItem, PSequence, PTrackItem } from './pproApi';
import { premiere } from './pproApi';
import { ticksOf } from './timeline';

export interface TimelineClip {
  /** "V2", "A1". */
  track: string;
  name: string;
  projectItemId: string;
  start: bigint;
  end: bigint;
  item: PTrackItem | PAudioTrackItem;
}

async function describe(track: string, items: (PTrackItem | PAudioTrackItem)[]): Promise<TimelineClip[]> {
  const clips: TimelineClip[] = [];
  for (const item of items) {
    clips.push({
      track, item, name: await item.getName(), projectItemId: (await item.getProjectItem()).getId(),
      start: ticksOf(await item.getStartTime()), end: ticksOf(await item.getEndTime()),
    });
  }
  return clips.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

/** Each track's clips in time order, keyed by the track's name ("V1" … "A1" …). */
export async function readTimelineLayout(sequence: PSequence): Promise<Map<string, TimelineClip[]>> {
  const clipType = premiere().Constants.TrackItemType.CLIP;
  const layout = new Map<string, TimelineClip[]>();
  for (let i = 0, n = await sequence.getVideoTrackCount(); i < n; i++) {
    layout.set(`V${i + 1}`, await describe(`V${i + 1}`, (await sequence.getVideoTrack(i)).getTrackItems(clipType, false)));
  }
  for (let i = 0, n = await sequence.getAudioTrackCount(); i < n; i++) {
    layout.set(`A${i + 1}`, await describe(`A${i + 1}`, (await sequence.getAudioTrack(i)).getTrackItems(clipType, false)));
  }
  return layout;
}

/** A clip that is not where it was before the edit, and where it was. */
interface DisplacedClip {
  clip: TimelineClip;
  formerStart: bigint;
}

export interface LayoutChange {
  /** Clips the edit shifted along their track: each can be moved back. */
  displaced: DisplacedClip[];
  /** Tracks whose clips changed otherwise (removed, added, trimmed): only Edit › Undo puts them back. */
  otherwiseChanged: string[];
}

/** How the layout changed, other than by the clips of `ownProjectItemId` (the render). */
export function layoutChange(before: Map<string, TimelineClip[]>, after: Map<string, TimelineClip[]>, ownProjectItemId: string): LayoutChange {
  const change: LayoutChange = { displaced: [], otherwiseChanged: [] };
  for (const [track, clipsAfter] of after) {
    const was = before.get(track) ?? [];
    const now = clipsAfter.filter((c) => c.projectItemId !== ownProjectItemId);
    const sameClips = was.length === now.length
      && was.every((c, i) => c.projectItemId === now[i].projectItemId && c.end - c.start === now[i].end - now[i].start);
    if (!sameClips) {
      change.otherwiseChanged.push(track);
      continue;
    }
    now.forEach((clip, i) => {
      if (clip.start !== was[i].start) change.displaced.push({ clip, formerStart: was[i].start });
    });
  }
  for (const track of before.keys()) if (!after.has(track)) change.otherwiseChanged.push(track);
  return change;
}

export function isUnchanged(change: LayoutChange): boolean {
  return change.displaced.length === 0 && change.otherwiseChanged.length === 0;
}
