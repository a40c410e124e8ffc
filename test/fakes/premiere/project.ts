/**
 * A project (project.md): its root bin, sequences, numbered-still imports, undoable transactions
 * recorded with their labels, and its Properties' values. openNewProject and reopenProject are
 * the tests' way to open one (a reopen keeps persistent properties only).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CompoundAction, Guid } from '@adobe/premierepro';
import type { PFolderItem, PProject, PProjectItem, PSequence } from '../../../src/apps/premiere/pproApi';
import { importableMedia } from '../pproImportFormats';
import { FakeCompoundAction, type RecordedTransaction } from './actions';
import { TYPE_CLIP, TYPE_ROOT } from './constants';
import { FakeBin, FakeProjectItem } from './projectItem';
import { FakeSequence } from './sequence';
import { fakePremiere, makeGuid, newId, versioned } from './state';

interface StoredProperty {
  value: string;
  persistent: boolean;
}

export class FakeProject implements PProject {
  readonly root = new FakeBin('root', TYPE_ROOT);
  readonly sequences: FakeSequence[] = [];
  activeSequence: FakeSequence | null = null;
  readonly transactions: RecordedTransaction[] = [];
  readonly properties = new Map<string, StoredProperty>();
  /** Called at the start of every importFiles (tests cancel "during import" here). */
  onImport: (() => void) | undefined;

  constructor(readonly path: string, readonly name: string, readonly guid: Guid = makeGuid(newId('project'))) {
    return versioned(this, 'Project');
  }

  /** A sequence with `videoTracks` video tracks and as many audio tracks unless `audioTracks` says otherwise. */
  addSequence(spec: { name?: string; fps?: number; width?: number; height?: number; videoTracks?: number; audioTracks?: number } = {}): FakeSequence {
    const videoTracks = spec.videoTracks ?? 3;
    const seq = new FakeSequence(this, spec.name ?? 'Sequence 01', spec.fps ?? 24, spec.width ?? 1920, spec.height ?? 1080, videoTracks, spec.audioTracks ?? videoTracks);
    this.sequences.push(seq);
    this.activeSequence = seq;
    return seq;
  }

  async getActiveSequence(): Promise<PSequence | null> {
    return this.activeSequence;
  }
  async getRootItem(): Promise<PFolderItem> {
    return this.root;
  }
  /**
   * Resolves at once; the items join their bin only after fakePremiere.importDelayMs. A file that
   * is missing, or of a format Premiere does not import (pproImportFormats.ts), makes it answer false.
   */
  async importFiles(filePaths: string[], _suppressUI?: boolean, targetBin?: PProjectItem, asNumberedStills?: boolean): Promise<boolean> {
    this.onImport?.();
    const bin = (targetBin as FakeBin | undefined) ?? this.root;
    if (!(bin instanceof FakeBin)) throw new Error('targetBin is not a bin');
    const media = filePaths.map((file) => (fs.existsSync(file) ? importableMedia(file) : undefined));
    if (media.some((m) => !m)) return false;
    const items = filePaths.map((file, i) => {
      const found = media[i]!;
      return new FakeProjectItem(path.basename(file), TYPE_CLIP, found.kind === 'video'
        ? { path: file, sceneSeed: 0, durationSeconds: found.durationSeconds, codec: found.codec }
        : { path: file, sceneSeed: 0, durationSeconds: 0, stillCount: asNumberedStills ? countNumberedStills(file) : 1 });
    });
    setTimeout(() => items.forEach((item) => bin.add(item)), fakePremiere.importDelayMs);
    return true;
  }
  executeTransaction(callback: (compound: CompoundAction) => void, undoString?: string): boolean {
    const compound = new FakeCompoundAction();
    callback(compound);
    for (const a of compound.actions) a.run();
    this.transactions.push({ label: undoString, actions: compound.actions.map((a) => a.kind), insideLockedAccess: fakePremiere.lockDepth > 0 });
    return true;
  }
  lockedAccess(callback: () => void): void {
    fakePremiere.lockDepth++;
    try {
      callback();
    } finally {
      fakePremiere.lockDepth--;
    }
  }

  /** Everything an editor could see changed: bins, items and tracks (not transient mute states during a job). */
  snapshot(): unknown {
    const describeBin = (bin: FakeBin): unknown => bin.children.map((c) => (c instanceof FakeBin ? { bin: c.name, items: describeBin(c) } : c.name));
    return {
      bins: describeBin(this.root),
      sequences: this.sequences.map((s) => ({
        video: s.videoTracks.map((t) => ({ muted: t.muted, items: t.items.map((i) => [i.name, i.start.toString(), i.end.toString()]) })),
        audio: s.audioTracks.map((t) => t.items.map((i) => [i.name, i.start.toString(), i.end.toString()])),
      })),
      properties: [...this.properties.entries()],
    };
  }

  binNamed(name: string): FakeBin | undefined {
    return this.root.children.find((c): c is FakeBin => c instanceof FakeBin && c.name === name);
  }
}

/** Numbered stills: the first file's trailing number, then every consecutive number present. */
function countNumberedStills(firstFile: string): number {
  const match = /^(.*?)(\d+)(\.[^.]+)$/.exec(path.basename(firstFile));
  if (!match) return 1;
  const [, prefix, digits, ext] = match;
  let count = 0;
  while (fs.existsSync(path.join(path.dirname(firstFile), `${prefix}${String(Number(digits) + count).padStart(digits.length, '0')}${ext}`))) count++;
  return count;
}

export function openNewProject(projectPath: string): FakeProject {
  fs.mkdirSync(path.dirname(projectPath), { recursive: true });
  fs.writeFileSync(projectPath, 'fake project');
  const project = new FakeProject(projectPath, path.basename(projectPath, '.prproj'));
  fakePremiere.activeProject = project;
  return project;
}

/** Closes and reopens the project: bins and timelines are saved, non-persistent properties are not. */
export function reopenProject(project: FakeProject, newPath = project.path): FakeProject {
  const reopened = new FakeProject(newPath, project.name, project.guid);
  reopened.root.children.push(...project.root.children);
  reopened.sequences.push(...project.sequences);
  reopened.activeSequence = project.activeSequence;
  for (const [name, stored] of project.properties) if (stored.persistent) reopened.properties.set(name, stored);
  fakePremiere.activeProject = reopened;
  return reopened;
}
