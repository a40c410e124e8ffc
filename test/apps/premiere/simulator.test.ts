/**
 * The Premiere simulator is as strict as the reference it is built from (test/fakes/pproReference.ts):
 * members appear at their "Since:" version, 26.3 refuses actions outside lockedAccess, casts of
 * the wrong type answer null, and an overwrite never creates a track.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ClipProjectItem, FolderItem, openNewProject, ProjectItem, Properties, resetFakePremiere, SequenceEditor, seconds, type FakeProject,
} from '../../fakes/premierepro';
import { PPRO_SINCE, SIMULATED_VERSIONS, type SimulatedVersion } from '../../fakes/pproReference';

let dir: string;
let project: FakeProject;
function open(version: SimulatedVersion): void {
  resetFakePremiere({ version });
  project = openNewProject(path.join(dir, 'p.prproj'));
}
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-sim-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the reference table gives every member a version the simulator knows and a page', () => {
  for (const [member, [since, page]] of Object.entries(PPRO_SINCE)) {
    expect(member).toMatch(/^[A-Z]\w+\.\w+$/);
    expect(SIMULATED_VERSIONS as readonly string[]).toContain(since);
    expect(page).toMatch(/^[a-z]+\.md$/);
  }
});

test.each(SIMULATED_VERSIONS)('at %s a member exists exactly when the reference says it does', async (version) => {
  open(version);
  const settings = await project.addSequence().getSettings();
  const has = version === '26.2' || version === '26.3';
  expect(typeof settings.getVideoFrameRate).toBe(has ? 'function' : 'undefined');
  expect(typeof (await project.getActiveSequence())!.getTimebase).toBe('function');
});

test.each(SIMULATED_VERSIONS)('at %s ProjectItem has no TYPE_BIN/TYPE_CLIP statics (typings only, not in projectitem.md)', (version) => {
  open(version);
  expect((ProjectItem as Record<string, unknown>).TYPE_BIN).toBeUndefined();
  expect((ProjectItem as Record<string, unknown>).TYPE_CLIP).toBeUndefined();
});

test('since 26.3 an action created outside lockedAccess throws; before, it does not', async () => {
  open('26.3');
  const properties = await Properties.getProperties(project);
  expect(() => properties.createSetValueAction('k', 'v', 0)).toThrow(/lockedAccess/);
  project.lockedAccess(() => { expect(() => properties.createSetValueAction('k', 'v', 0)).not.toThrow(); });
  open('25.6');
  const older = await Properties.getProperties(project);
  expect(() => older.createSetValueAction('k', 'v', 0)).not.toThrow();
});

test('casts of the wrong type answer null', () => {
  open('26.3');
  const [clip] = project.addSequence().addClip({ name: 'A', track: 0, startSeconds: 0, durationSeconds: 1 });
  expect(FolderItem.cast(clip.projectItem)).toBeNull();
  expect(ClipProjectItem.cast(project.root)).toBeNull();
});

test('an overwrite onto a track that does not exist places nothing; an insert past the last track creates one', () => {
  open('26.3');
  const seq = project.addSequence({ videoTracks: 1 });
  const [clip] = seq.addClip({ name: 'A', track: 0, startSeconds: 0, durationSeconds: 1 });
  const editor = SequenceEditor.getEditor(seq);
  project.lockedAccess(() => project.executeTransaction((c) => { c.addAction(editor.createOverwriteItemAction(clip.projectItem, seconds(0), 3, 0)); }));
  expect(seq.videoTracks).toHaveLength(1);
  project.lockedAccess(() => project.executeTransaction((c) => { c.addAction(editor.createInsertProjectItemAction(clip.projectItem, seconds(0), 1, 0, true)); }));
  expect(seq.videoTracks.map((t) => t.items.length)).toEqual([1, 1]);
  expect(() => project.lockedAccess(() => editor.createOverwriteItemAction(clip.projectItem, seconds(0), 0, -1))).toThrow(/audio track index -1/);
});
