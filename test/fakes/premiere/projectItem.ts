/**
 * Project items (projectitem.md): a clip's media (clipprojectitem.md) and bins (folderitem.md).
 * Removing an item from its bin also removes its clips from every sequence, as in Premiere.
 */
import type { Action } from '@adobe/premierepro';
import type { RasterImage } from '../../../src/engine/images/image';
import type { PClipProjectItem, PFolderItem, PProjectItem } from '../../../src/apps/premiere/pproApi';
import { action } from './actions';
import { TYPE_BIN } from './constants';
import { fakePremiere, newId, versioned } from './state';
import { literalTicksPerFrame, TICKS_PER_SECOND, ticksPerFrame } from './time';

/** Premiere's "indeterminate media timebase" default for stills, deliberately not the sequence's rate. */
export const DEFAULT_STILL_FPS = 29.97;

export class FakeProjectItem implements PProjectItem, PClipProjectItem {
  readonly id = newId('item');
  parent: FakeBin | undefined;
  overrideFps: number | undefined;
  scaleToFrame = false;
  constructor(
    public name: string,
    readonly type: number,
    /** `codec`: an imported video's (ffprobe's name); `stillCount`: an imported still or numbered stills'. */
    readonly media: { path: string; sceneSeed: number; durationSeconds: number; stillCount?: number; codec?: string; picture?: RasterImage } | undefined,
  ) {
    return versioned(this, 'ClipProjectItem');
  }
  getId(): string {
    return this.id;
  }
  async getMediaFilePath(): Promise<string> {
    const native = this.media?.path ?? '';
    return fakePremiere.pathStyle === 'windows' ? native.replace(/\//g, '\\').toUpperCase() : native;
  }
  createSetOverrideFrameRateAction(fps: number): Action {
    return action('setOverrideFrameRate', () => { this.overrideFps = fps; });
  }
  createSetScaleToFrameSizeAction(): Action {
    return action('setScaleToFrameSize', () => { this.scaleToFrame = true; });
  }
  /** Duration in ticks when placed on a timeline now. */
  durationTicks(): bigint {
    if (this.media?.stillCount === undefined) return BigInt(Math.round((this.media?.durationSeconds ?? 0) * Number(TICKS_PER_SECOND)));
    const frameTicks = this.overrideFps === undefined ? ticksPerFrame(DEFAULT_STILL_FPS) : literalTicksPerFrame(this.overrideFps);
    return BigInt(this.media.stillCount) * frameTicks;
  }
}

export class FakeBin extends FakeProjectItem implements PFolderItem {
  readonly children: FakeProjectItem[] = [];
  constructor(name: string, type = TYPE_BIN) {
    super(name, type, undefined);
    return versioned(this, 'FolderItem');
  }
  async getItems(): Promise<PProjectItem[]> {
    return [...this.children];
  }
  add(item: FakeProjectItem): void {
    item.parent = this;
    this.children.push(item);
  }
  createBinAction(name: string, makeUnique: boolean): Action {
    return action('createBin', () => {
      let unique = name;
      for (let n = 2; makeUnique && this.children.some((c) => c.name === unique); n++) unique = `${name} ${n}`;
      this.add(new FakeBin(unique));
    });
  }
  /** Removing an item from the project also removes its clips from every sequence, as in Premiere. */
  createRemoveItemAction(item: PProjectItem): Action {
    return action('removeItem', () => {
      const index = this.children.indexOf(item as FakeProjectItem);
      if (index < 0) throw new Error(`${item.name} is not in bin ${this.name}`);
      this.children.splice(index, 1);
      for (const seq of fakePremiere.activeProject?.sequences ?? []) {
        for (const track of [...seq.videoTracks, ...seq.audioTracks]) {
          for (const placed of [...track.items]) if (placed.projectItem === item) track.items.splice(track.items.indexOf(placed), 1);
        }
      }
    });
  }
}
