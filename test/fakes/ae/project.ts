/**
 * The project (project.md): its folders and items, the Project panel selection (activeItem only
 * when exactly one item is selected), placeholders, project XMP; openAeProject opens one for a test.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RasterImage } from '../../../src/engine/images/image';
import { FakeCompItem } from './compItem';
import { FakeFootageItem, FakeFootageSource } from './footage';
import { FakeAeFolder, FakeItemCollection, type FakeAeItem } from './items';
import { Simulated, viewOf } from './simulated';
import { fakeAfterEffects } from './state';
import { changeField, recordChange } from './undo';

const DEFAULT_XMP = '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
  + ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
  + '  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
  + '   <xmp:CreatorTool>Adobe After Effects 27.0 (Windows)</xmp:CreatorTool>\n'
  + '   <dc:format>application/vnd.adobe.aftereffects.project</dc:format>\n'
  + '  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="w"?>';

export class FakeAeProject extends Simulated {
  readonly className = 'Project';
  readonly root: FakeAeFolder;
  selectedItems: FakeAeItem[] = [];
  xmpText = DEFAULT_XMP;
  private movies = 0;
  constructor(public file: string) {
    super();
    this.root = new FakeAeFolder(this, 'root');
  }
  get rootFolder(): object { return this.root.view; }
  get items(): object { return new FakeItemCollection(this.root).view; }
  get numItems(): number { return this.allItems().length; }
  get dirty(): boolean { return fakeAfterEffects.undoStack.length > 0; }
  get selection(): object[] { return this.selectedItems.map((i) => i.view); }
  get activeItem(): object | null {
    return this.selectedItems.length === 1 ? this.selectedItems[0].view : null;
  }
  item(index: number): object {
    return this.root.item(index);
  }
  itemByID(id: number): object {
    const found = this.allItems().find((i) => i.id === id);
    if (!found) throw new Error(`No item with id ${id}`);
    return found.view;
  }
  layerByID(id: number): object | null {
    if (!Number.isInteger(id) || id < 0) throw new Error(`layerByID: invalid layer id ${id}`);
    return viewOf(this.comps().flatMap((c) => c.layerList).find((l) => l.id === id));
  }
  importPlaceholder(name: string, width: number, height: number, frameRate: number, duration: number): object {
    const inRange = (v: number, lo: number, hi: number) => Number.isFinite(v) && v >= lo && v <= hi;
    if (!inRange(width, 4, 30000) || !inRange(height, 4, 30000) || !inRange(frameRate, 1, 99) || !inRange(duration, 0, 10800)) {
      throw new Error(`importPlaceholder: a value is out of range (${width}×${height}, ${frameRate} fps, ${duration} s)`);
    }
    const item = new FakeFootageItem(this, name, new FakeFootageSource({ kind: 'placeholder', fps: frameRate, duration, width, height }));
    this.root.attach(item);
    recordChange('Import placeholder', () => item.parent?.detach(item));
    return item.view;
  }
  get xmpPacket(): string {
    return this.xmpText;
  }
  /** A packet whose elements do not balance is refused, as an XMP parser would. */
  set xmpPacket(packet: string) {
    if (typeof packet !== 'string' || !balancedXml(packet)) throw new Error('xmpPacket: the value is not a valid XMP packet');
    changeField(this as FakeAeProject, 'xmpText', packet, 'Project metadata');
  }

  // ---- test handles
  allItems(): FakeAeItem[] {
    const walk = (folder: FakeAeFolder): FakeAeItem[] => folder.children.flatMap((c) => (c instanceof FakeAeFolder ? [c, ...walk(c)] : [c]));
    return walk(this.root);
  }
  comps(): FakeCompItem[] {
    return this.allItems().filter((i): i is FakeCompItem => i instanceof FakeCompItem);
  }
  addComp(spec: { name?: string; width?: number; height?: number; fps?: number; duration?: number } = {}): FakeCompItem {
    const comp = new FakeCompItem(this, spec.name ?? 'Comp 1', spec.width ?? 64, spec.height ?? 36, spec.fps ?? 24, spec.duration ?? 10);
    this.root.attach(comp);
    return comp;
  }
  /** A synthetic movie beside the project (its file exists, so it is not missing); `picture` is shown at every time instead of the scene. */
  addMovie(name: string, spec: { fps?: number; duration?: number; width?: number; height?: number; picture?: RasterImage } = {}): FakeFootageItem {
    const file = path.join(path.dirname(this.file || path.join(process.cwd(), 'x')), 'Footage', name);
    if (this.file) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, 'movie');
    }
    const item = new FakeFootageItem(this, name, new FakeFootageSource({
      kind: 'movie', file, seed: ++this.movies * 7 + 3, fps: spec.fps ?? 24, duration: spec.duration ?? 600,
      width: spec.width ?? spec.picture?.width ?? 64, height: spec.height ?? spec.picture?.height ?? 36, picture: spec.picture,
    }));
    this.root.attach(item);
    return item;
  }
  selectItems(...items: FakeAeItem[]): void {
    this.selectedItems = items;
  }
  folderNamed(name: string): FakeAeFolder | undefined {
    return this.root.children.find((c): c is FakeAeFolder => c instanceof FakeAeFolder && c.name === name);
  }
  /** Everything an editor could see changed: folders, items, layers and their timing and switches. */
  snapshot(): unknown {
    const describe = (folder: FakeAeFolder): unknown => folder.children.map((c) => (c instanceof FakeAeFolder ? { folder: c.name, items: describe(c) } : c.name));
    return {
      items: describe(this.root),
      comps: this.comps().map((c) => c.layerList.map((l) => [l.name, l.start, l.inTime, l.outTime, l.soloFlag, l.enabledFlag])),
      xmp: this.xmpText,
    };
  }
}

function balancedXml(text: string): boolean {
  const stack: string[] = [];
  for (const [, closing, name, selfClosing] of text.matchAll(/<(\/?)([A-Za-z_][\w:.-]*)[^>]*?(\/?)>/g)) {
    if (selfClosing) continue;
    if (!closing) stack.push(name);
    else if (stack.pop() !== name) return false;
  }
  return stack.length === 0;
}

export function openAeProject(file: string): FakeAeProject {
  if (file) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'fake project');
  }
  const project = new FakeAeProject(file);
  fakeAfterEffects.project = project;
  return project;
}
