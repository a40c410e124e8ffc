/**
 * SequenceEditor (sequenceeditor.md): overwrite and insert edits. An action captures what it
 * needs when it is created; only an insert creates a track, and an audio track index the sequence
 * does not have is refused.
 */
import type { Action, TickTime } from '@adobe/premierepro';
import type { PProjectItem, PSequenceEditor } from '../../../src/apps/premiere/pproApi';
import { action } from './actions';
import type { FakeProjectItem } from './projectItem';
import type { FakeSequence } from './sequence';
import { fakePremiere, versioned } from './state';
import { ticksOf } from './time';
import { FakeTrackItem } from './trackItem';

export class FakeSequenceEditor implements PSequenceEditor {
  constructor(private readonly seq: FakeSequence) {
    return versioned(this, 'SequenceEditor');
  }
  /** The reference does not say which audio index is valid; the simulator refuses one the sequence does not have. */
  private audioIndexChecked(method: string, audioTrackIndex: number): void {
    if (!Number.isInteger(audioTrackIndex) || audioTrackIndex < 0 || audioTrackIndex >= this.seq.audioTracks.length) {
      throw new Error(`${method}: invalid audio track index ${audioTrackIndex}`);
    }
  }
  /** Captures the item's duration now; onto a track that does not exist it places nothing. */
  createOverwriteItemAction(projectItem: PProjectItem, time: TickTime, videoTrackIndex: number, audioTrackIndex: number): Action {
    this.audioIndexChecked('createOverwriteItemAction', audioTrackIndex);
    const item = projectItem as FakeProjectItem;
    const start = ticksOf(time);
    const end = start + item.durationTicks();
    return action('overwriteItem', () => {
      const track = this.seq.videoTracks[videoTrackIndex];
      if (!track || track.locked) return;
      // An overwrite edit removes whatever it covers.
      for (const other of [...track.items]) if (other.start < end && other.end > start) track.items.splice(track.items.indexOf(other), 1);
      track.items.push(new FakeTrackItem(item, track, start, end, 0n));
    });
  }
  /**
   * Inserts, shifting later items on the target track, or on every track (video and audio) without
   * limitShift, or always when fakePremiere.insertIgnoresLimitShift models that undocumented flag
   * meaning something else; a track index past the last creates a track.
   */
  createInsertProjectItemAction(projectItem: PProjectItem, time: TickTime, videoTrackIndex: number, audioTrackIndex: number, limitShift: boolean): Action {
    this.audioIndexChecked('createInsertProjectItemAction', audioTrackIndex);
    const item = projectItem as FakeProjectItem;
    const start = ticksOf(time);
    const duration = item.durationTicks();
    return action('insertItem', () => {
      const track = this.seq.videoTracks[videoTrackIndex] ?? this.seq.addVideoTrack();
      if (track.locked) return;
      const shifted = limitShift && !fakePremiere.insertIgnoresLimitShift ? [track] : [...this.seq.videoTracks, ...this.seq.audioTracks];
      for (const t of shifted) {
        for (const other of t.items) {
          if (other.start >= start) {
            other.start += duration;
            other.end += duration;
          }
        }
      }
      track.items.push(new FakeTrackItem(item, track, start, start + duration, 0n));
    });
  }
}
