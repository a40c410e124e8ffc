/**
 * A composition (compitem.md) with its layer stack and layer selection order, and saveFrameToPng:
 * a DeferredCall (deferredcall.md) that renders once the current task has ended, from the comp as
 * it is then, and writes the PNG in two parts, locked against renames until the second lands.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RasterImage } from '../../../src/engine/images/image';
import { encodePng } from '../../../src/engine/images/imageCodec';
import { writeInTwoParts } from '../twoPartWrite';
import { FakeAvItem } from './items';
import { FakeAeLayer, FakeLayerCollection, type LayerSpec } from './layers';
import { solid } from './pictures';
import type { FakeAeProject } from './project';
import { Simulated } from './simulated';
import { fakeAfterEffects } from './state';

/** A DeferredCall: `duration` is all it documents. */
class FakeDeferredCall extends Simulated {
  readonly className = 'DeferredCall';
  duration = 0;
}

export class FakeCompItem extends FakeAvItem {
  readonly className = 'CompItem';
  readonly typeName = 'Komposition';
  readonly layerList: FakeAeLayer[] = [];
  /** Layers in the order the editor selected them. */
  selectionOrder: FakeAeLayer[] = [];
  displayStartTime = 0;
  resolutionFactor = [1, 1];
  constructor(project: FakeAeProject, name: string, public width: number, public height: number, public frameRate: number, public duration: number) {
    super(project, name);
  }
  get layers(): object {
    return new FakeLayerCollection(this).view;
  }
  get numLayers(): number {
    return this.layerList.length;
  }
  layer(index: number): object {
    return new FakeLayerCollection(this).byIndex(index);
  }
  get selectedLayers(): object[] {
    return this.selectionOrder.filter((l) => this.layerList.includes(l)).map((l) => l.view);
  }
  /** Adds a layer at the bottom of the stack (tests build comps top to bottom). */
  addLayer(spec: LayerSpec): FakeAeLayer {
    const source = spec.source === undefined ? this.project.addMovie(`${spec.name ?? 'Footage'}.mov`) : spec.source;
    const start = spec.startTime ?? 0;
    const layer = new FakeAeLayer(this, spec.name ?? source?.name ?? 'Layer', source, spec.kind ?? 'av', start,
      spec.inPoint ?? start, spec.outPoint ?? Math.min(this.duration, start + (source?.duration || this.duration)));
    this.layerList.push(layer);
    return layer;
  }
  select(...layers: FakeAeLayer[]): void {
    this.layerList.forEach((l) => { l.selected = layers.includes(l); });
    this.selectionOrder = [...layers];
  }
  /** What the comp shows at `seconds`: the topmost layer that renders then, or the black background. */
  frameAt(seconds: number, width = this.width, height = this.height): RasterImage {
    for (const layer of this.layerList) {
      if (!layer.activeAtTime(seconds)) continue;
      const picture = layer.pictureAt(seconds, width, height);
      if (picture) return picture;
    }
    return solid(width, height, [0, 0, 0]);
  }
  /** Renders the frame once the current task has ended, from the comp as it is then, in two parts. */
  saveFrameToPng(seconds: number, file: string, _maxAbortInterval?: number): object {
    fakeAfterEffects.onSaveFrame?.(++fakeAfterEffects.renderCalls);
    const call = new FakeDeferredCall();
    const started = Date.now();
    setTimeout(() => {
      if (!(seconds >= 0 && seconds < this.duration) || !fs.existsSync(path.dirname(file))) return;
      const png = encodePng(this.frameAt(seconds));
      writeInTwoParts(file, png, fakeAfterEffects.renderTailMs, () => { call.duration = (Date.now() - started) / 1000; });
    }, 0);
    return call.view;
  }
  saveDraftFrameToPng(seconds: number, file: string): object {
    return this.saveFrameToPng(seconds, file);
  }
}
