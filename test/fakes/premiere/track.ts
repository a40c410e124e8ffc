/** Video and audio tracks (videotrack.md, audiotrack.md); a locked track refuses mutes and edits. */
import type { PTrackItem, PVideoTrack } from '../../../src/apps/premiere/pproApi';
import type { FakeSequence } from './sequence';
import { versioned } from './state';
import type { FakeTrackItem } from './trackItem';

export class FakeTrack implements PVideoTrack {
  readonly items: FakeTrackItem[] = [];
  muted = false;
  /** A locked track refuses setMute (it answers false) and edits onto it place nothing. */
  locked = false;
  /** Every setMute call, to check that exports restore what they change. */
  readonly muteCalls: boolean[] = [];
  constructor(readonly sequence: FakeSequence, readonly kind: 'video' | 'audio') {
    return versioned(this, kind === 'video' ? 'VideoTrack' : 'AudioTrack');
  }
  index(): number {
    return (this.kind === 'video' ? this.sequence.videoTracks : this.sequence.audioTracks).indexOf(this);
  }
  async setMute(mute: boolean): Promise<boolean> {
    this.muteCalls.push(mute);
    if (this.locked) return false;
    this.muted = mute;
    return true;
  }
  async isMuted(): Promise<boolean> {
    return this.muted;
  }
  getTrackItems(_type: number, _includeEmpty: boolean): PTrackItem[] {
    return [...this.items];
  }
  itemAt(time: bigint): FakeTrackItem | undefined {
    return this.items.find((i) => i.start <= time && time < i.end);
  }
}
