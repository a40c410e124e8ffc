/**
 * @jest-environment ./test/support/ortNodeEnvironment.js
 *
 * Render reuse on the command line: a second identical run finds the render record and renders
 * nothing (proved by damaging the stylizer after the first run: a run that loaded it would fail);
 * a changed setting renders again and replaces the earlier render; --overwrite always renders; a
 * file the tool did not make, or a render changed since, is never taken for a reusable one.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { decodeImage } from '../../../src/engine/images/imageCodec';
import { cli, copyFixtureModels, folderDigest, makeTestVideo, pngBytes, removeDir, sha256File, STYLE, tempDir } from './cliHarness';

let dir: string;
let models: string;
let clip: string;
let photo: string;

beforeAll(async () => {
  dir = await tempDir('cs-cli-reuse-');
  clip = path.join(dir, 'clip.mp4');
  makeTestVideo(clip, '64x48', 0.5);
  photo = path.join(dir, 'photo.png');
  await writeFile(photo, pngBytes(40, 30));
});

beforeEach(async () => {
  await removeDir(path.join(dir, 'models'));
  models = await copyFixtureModels(dir);
});

afterAll(async () => {
  await removeDir(dir);
});

function stylizeArgs(from: string, out: string, ...extra: string[]): string[] {
  return ['stylize', from, '--style', STYLE, '--out', out, '--models', models, '--size', '48', ...extra];
}

/** Makes the mode's stylizer unloadable (its bytes no longer match models.json): any run that stylizes fails. */
async function damageStylizer(): Promise<void> {
  const manifest = JSON.parse(await readFile(path.join(models, 'models.json'), 'utf8')) as { models: Array<{ stylizer: { file: string } }> };
  for (const entry of manifest.models) await writeFile(path.join(models, entry.stylizer.file), 'not a model');
}

describe.each([
  ['an image', () => photo, 'styled.png'],
  ['a video', () => clip, 'styled.mp4'],
  ['a video to frames', () => clip, 'frames'],
])('%s: a second identical run renders nothing', (what, input, name) => {
  test('reused, unchanged, and says so; --overwrite renders again', async () => {
    const out = path.join(dir, `${what.replace(/ /g, '-')}-${name}`);
    const first = await cli(stylizeArgs(input(), out));
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('Done:');
    const before = (await stat(out)).isDirectory() ? await folderDigest(out) : { file: await sha256File(out) };

    await damageStylizer();
    const again = await cli(stylizeArgs(input(), out));
    expect(again.stderr).toContain(`Reused: ${out} already holds this render`);
    expect(again.stderr).not.toContain('Done:');
    expect(again.code).toBe(0);
    expect((await stat(out)).isDirectory() ? await folderDigest(out) : { file: await sha256File(out) }).toEqual(before);

    const forced = await cli(stylizeArgs(input(), out, '--overwrite'));
    expect(forced.stderr).toContain('[MODEL_');
    expect(forced.code).toBe(1);
  });
});

test('a changed setting renders again and replaces the earlier render, without --overwrite', async () => {
  const out = path.join(dir, 'changed.png');
  expect((await cli(stylizeArgs(photo, out))).code).toBe(0);
  const full = await readFile(out);
  const changed = await cli(stylizeArgs(photo, out, '--strength', '0.5'));
  expect(changed.stderr).toContain(`${out} was rendered with other settings`);
  expect(changed.stderr).toContain('Done: 1 frame');
  expect(changed.code).toBe(0);
  expect(decodeImage(await readFile(out)).data).not.toEqual(decodeImage(full).data);
  expect((await cli(stylizeArgs(photo, out, '--strength', '0.5'))).stderr).toContain('Reused:');
  expect((await cli(stylizeArgs(photo, out))).stderr).toContain('Done: 1 frame');
});

test('a frame folder of other settings is rendered anew, not resumed; ranges of one render add up', async () => {
  const out = path.join(dir, 'folder-changed');
  expect((await cli(stylizeArgs(clip, out, '--frames', '0-5'))).code).toBe(0);
  const changed = await cli(stylizeArgs(clip, out, '--frames', '0-5', '--keep-colors'));
  expect(changed.stderr).not.toContain('Resuming');
  expect(changed.stderr).toContain('Done: 6 frames');
  expect((await cli(stylizeArgs(clip, out, '--frames', '0-5', '--keep-colors'))).stderr).toContain('Reused:');
  const range = await cli(stylizeArgs(clip, out, '--frames', '6-7', '--keep-colors'));
  expect(range.stderr).toContain('Done: 2 frames');
  expect(range.stderr).not.toContain('Resuming');
  expect((await readdir(out)).filter((n) => n.endsWith('.png'))).toHaveLength(8);
  // Parts of a clip rendered one after another add up to the render of all of them.
  expect((await cli(stylizeArgs(clip, out, '--frames', '0-7', '--keep-colors'))).stderr).toContain('Reused:');
});

test('an interrupted folder render (no record yet) resumes; a changed frame is rendered again, alone', async () => {
  const out = path.join(dir, 'folder-resume');
  expect((await cli(stylizeArgs(clip, out, '--frames', '0-3'))).code).toBe(0);
  await writeFile(path.join(out, 'render.json'), '{"version": 1, "key": "half-written');
  const resumed = await cli(stylizeArgs(clip, out, '--frames', '0-3'));
  expect(resumed.stderr).toContain('Nothing to do: every selected frame is already in');
  expect((await cli(stylizeArgs(clip, out, '--frames', '0-3'))).stderr).toContain('Reused:');
  const digests = await folderDigest(out);
  await writeFile(path.join(out, 'frame_000002.png'), pngBytes(64, 48, 9));
  const repaired = await cli(stylizeArgs(clip, out, '--frames', '0-3'));
  expect(repaired.stderr).toContain('Resuming: 3 of 4 frames');
  expect(repaired.stderr).toContain('Done: 1 frame');
  expect(await sha256File(path.join(out, 'frame_000002.png'))).toBe(digests['frame_000002.png']);
});

test('an output changed since it was rendered, or not made by this tool, still needs --overwrite', async () => {
  const out = path.join(dir, 'edited.png');
  expect((await cli(stylizeArgs(photo, out))).code).toBe(0);
  await writeFile(out, pngBytes(40, 30, 3));
  const refused = await cli(stylizeArgs(photo, out));
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('[OUTPUT_EXISTS]');
  const forced = await cli(stylizeArgs(photo, out, '--overwrite'));
  expect(forced.stderr).toContain('Done: 1 frame');
  expect((await cli(stylizeArgs(photo, out))).stderr).toContain('Reused:');
});
