/** A clip on a track (videocliptrackitem.md, audiocliptrackitem.md), timed in ticks. */
import type { Action, Guid, TickTime } from '@adobe/premierepro';
import type { PProjectItem, PTrackItem } from '../../../src/apps/premiere/pproApi';
import { action } from './actions';
import { AUDIO_GUID, VIDEO_GUID } from './constants';
import type { FakeProjectItem } from './projectItem';
import { makeGuid, versioned } from './state';
import { tick, ticksOf } from './time';
import type { FakeTrack } from './track';

export class FakeTrackItem implements PTrackItem {
  constructor(
    readonly projectItem: FakeProjectItem,
    public track: FakeTrack,
    public start: bigint,
    public end: bigint,
    public inPoint: bigint,
    public name = projectItem.name,
  ) {
    return versioned(this, track.kind === 'video' ? 'VideoClipTrackItem' : 'AudioClipTrackItem');
  }
  async getName(): Promise<string> { return this.name; }
  async getStartTime(): Promise<TickTime> { return tick(this.start); }
  async getEndTime(): Promise<TickTime> { return tick(this.end); }
  async getInPoint(): Promise<TickTime> { return tick(this.inPoint); }
  async getOutPoint(): Promise<TickTime> { return tick(this.inPoint + this.end - this.start); }
  async getTrackIndex(): Promise<number> { return this.track.index(); }
  async getMediaType(): Promise<Guid> { return makeGuid(this.track.kind === 'video' ? VIDEO_GUID : AUDIO_GUID); }
  async getProjectItem(): Promise<PProjectItem> { return this.projectItem; }
  /** Shifts the item along its track by `tickTime` (the reference: "by shifting it by a number of seconds"). */
  createMoveAction(tickTime: TickTime): Action {
    const by = ticksOf(tickTime);
    return action('moveItem', () => {
      this.start += by;
      this.end += by;
    });
  }
}
