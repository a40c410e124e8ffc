/**
 * Project items (item.md, folderitem.md, avitem.md) and a folder's ItemCollection
 * (itemcollection.md). Moving or removing an item is undoable; removing one also removes the
 * layers that use it.
 */
import type { RasterImage } from '../../../src/engine/images/image';
import type { FakeAeProject } from './project';
import { Simulated, viewOf } from './simulated';
import { nextSimulatedId } from './state';
import { recordChange } from './undo';

export abstract class FakeAeItem extends Simulated {
  readonly id = nextSimulatedId();
  parent: FakeAeFolder | undefined;
  selected = false;
  comment = '';
  constructor(readonly project: FakeAeProject, public name: string) {
    super();
  }
  abstract readonly typeName: string;
  get parentFolder(): object | null {
    return viewOf(this.parent);
  }
  set parentFolder(folder: object | null) {
    const target = folder as unknown as FakeAeFolder;
    if (!(target instanceof FakeAeFolder)) throw new Error('parentFolder must be a folder of this project');
    const from = this.parent;
    from?.detach(this);
    target.attach(this);
    recordChange('Move item', () => { target.detach(this); from?.attach(this); });
  }
  remove(): boolean {
    const from = this.parent;
    if (!from) throw new Error('The item was already removed');
    const index = from.children.indexOf(this);
    from.detach(this);
    const layers = this.project.comps().flatMap((comp) => comp.layerList.filter((l) => (l.source as FakeAeItem | null) === this).map((l) => ({ comp, l, at: comp.layerList.indexOf(l) })));
    for (const { comp, l } of layers) comp.layerList.splice(comp.layerList.indexOf(l), 1);
    recordChange('Delete item', () => {
      from.children.splice(index, 0, this);
      this.parent = from;
      for (const { comp, l, at } of layers.reverse()) comp.layerList.splice(at, 0, l);
    });
    return true;
  }
}

export class FakeAeFolder extends FakeAeItem {
  readonly className = 'FolderItem';
  readonly typeName = 'Ordner';
  readonly children: FakeAeItem[] = [];
  get numItems(): number {
    return this.children.length;
  }
  get items(): object {
    return new FakeItemCollection(this).view;
  }
  item(index: number): object {
    const item = this.children[index - 1];
    if (!item) throw new Error(`No item at index ${index}`);
    return item.view;
  }
  attach(item: FakeAeItem): void {
    item.parent = this;
    this.children.push(item);
  }
  detach(item: FakeAeItem): void {
    this.children.splice(this.children.indexOf(item), 1);
    item.parent = undefined;
  }
  override remove(): boolean {
    if (this === this.project.root) throw new Error('The root folder cannot be removed');
    for (const child of [...this.children]) child.remove();
    return super.remove();
  }
}

export class FakeItemCollection extends Simulated {
  readonly className = 'ItemCollection';
  constructor(private readonly folder: FakeAeFolder) {
    super();
  }
  get length(): number {
    return this.folder.children.length;
  }
  addFolder(name: string): object {
    const folder = new FakeAeFolder(this.folder.project, name);
    this.folder.attach(folder);
    recordChange('New folder', () => this.folder.detach(folder));
    return folder.view;
  }
}

/** An audio/video item: a comp or footage. */
export abstract class FakeAvItem extends FakeAeItem {
  readonly hasVideo: boolean = true;
  time = 0;
  abstract readonly width: number;
  abstract readonly height: number;
  abstract readonly duration: number;
  abstract readonly frameRate: number;
  get frameDuration(): number {
    return 1 / this.frameRate;
  }
  get footageMissing(): boolean {
    return false;
  }
  get usedIn(): object[] {
    return this.project.comps().filter((c) => c.layerList.some((l) => l.source === this)).map((c) => c.view);
  }
  /** The picture at `seconds` of the item's own time. */
  abstract frameAt(seconds: number, width: number, height: number): RasterImage;
}
