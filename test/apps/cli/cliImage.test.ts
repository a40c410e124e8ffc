/**
 * @jest-environment ./test/support/ortNodeEnvironment.js
 *
 * The CLI on single images: a real render, and every way the input, models or output can be wrong,
 * each with the right exit code, a message naming the problem, and the input left byte-identical.
 */
import { mkdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { decodeImage } from '../../../src/engine/images/imageCodec';
import { cli, copyFixtureModels, FIXTURE_MODELS_DIR, pngBytes, removeDir, REPO, sha256File, STYLE, tempDir } from './cliHarness';

let dir: string;
let input: string;

beforeEach(async () => {
  dir = await tempDir();
  input = path.join(dir, 'photo.png');
  await writeFile(input, pngBytes(40, 30));
});

afterEach(async () => {
  await removeDir(dir);
});

function stylizeArgs(from: string, out: string, ...extra: string[]): string[] {
  return ['stylize', from, '--style', STYLE, '--out', out, '--models', FIXTURE_MODELS_DIR, ...extra];
}

/** A PNG whose header claims another size (CRC fixed up so only the size is wrong). */
function withHeaderSize(png: Uint8Array, width: number, height: number): Uint8Array {
  const bytes = Buffer.from(png);
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  bytes.writeUInt32BE(crc32(bytes.subarray(12, 29)), 29);
  return bytes;
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('stylize an image', () => {
  test('--style twice with --weights 1,0 is the first style alone; --style-scale changes the strokes', async () => {
    const other = path.join(REPO, 'samples/styles/ink-wash.png');
    const render = async (name: string, ...extra: string[]) => {
      const out = path.join(dir, name);
      const run = await cli(stylizeArgs(input, out, ...extra));
      expect(run.stderr).toContain('Done: 1 frame');
      return decodeImage(await readFile(out)).data;
    };
    const single = await render('single.png');
    expect(await render('mix-1-0.png', '--style', other, '--weights', '1,0')).toEqual(single);
    expect(await render('mix-half.png', '--style', other)).not.toEqual(single);
    expect(await render('scaled.png', '--style-scale', '4')).not.toEqual(single); // 30p: scale 1 and 2 both hit the 64 px floor
  });

  test.each([
    [['--weights', '0.5,0.5'], /--weights has 2 values but there is 1 --style/],
    [['--weights', '1,x'], /--weights must be numbers/],
    [['--style-scale', '8'], /--style-scale must be a number from 0.25 to 4/],
  ])('refuses %j with a sentence saying what to type', async (extra, message) => {
    const run = await cli(stylizeArgs(input, path.join(dir, 'x.png'), ...extra));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  test('--mode all writes a labelled contact strip: the input, then every mode', async () => {
    const out = path.join(dir, 'modes.png');
    const run = await cli(stylizeArgs(input, out, '--mode', 'all'));
    expect(run.stderr).toContain('Done: 1 frame with every mode');
    const strip = decodeImage(await readFile(out));
    // Four 40×30 tiles (input + the three fixture modes) with 4 px gaps, under an 11 px label bar.
    expect([strip.width, strip.height]).toEqual([4 * 40 + 5 * 4, 11 + 30 + 4]);
    const original = decodeImage(await readFile(input));
    const pixel = (img: typeof strip, x: number, y: number) => Array.from(img.data.subarray(3 * (y * img.width + x), 3 * (y * img.width + x) + 3));
    for (const [x, y] of [[0, 0], [39, 29], [17, 11]]) expect(pixel(strip, 4 + x, 11 + y)).toEqual(pixel(original, x, y));
    const tiles = [0, 1, 2, 3].map((t) => pixel(strip, 4 + t * 44 + 20, 11 + 15).join());
    expect(new Set(tiles).size).toBe(4); // every mode renders differently
    for (let t = 0; t < 4; t++) {
      const bright = Array.from({ length: 40 * 11 }, (_, i) => pixel(strip, 4 + t * 44 + (i % 40), Math.floor(i / 40))[0]).filter((v) => v > 200);
      expect(bright.length).toBeGreaterThan(10); // a label is drawn over every tile
    }
    const video = await cli(stylizeArgs(input, path.join(dir, 'modes.mp4'), '--mode', 'all'));
    expect(video.code).toBe(2);
    expect(video.stderr).toMatch(/--mode all compares every mode on one image/);
  });

  test('--strength 0 writes the input back exactly; --keep-colors keeps its colours', async () => {
    const untouched = path.join(dir, 'untouched.png');
    expect((await cli(stylizeArgs(input, untouched, '--strength', '0'))).code).toBe(0);
    const original = decodeImage(await readFile(input));
    expect(decodeImage(await readFile(untouched)).data).toEqual(original.data);

    const kept = path.join(dir, 'kept.png');
    const plain = path.join(dir, 'plain.png');
    expect((await cli(stylizeArgs(input, kept, '--keep-colors'))).code).toBe(0);
    expect((await cli(stylizeArgs(input, plain))).code).toBe(0);
    // Blue minus luma (proportional to Cb): the input's in the kept render, not in the plain one.
    const blueMinusLuma = (data: ArrayLike<number>) => Array.from({ length: data.length / 3 },
      (_, i) => data[3 * i + 2] - (0.2126 * data[3 * i] + 0.7152 * data[3 * i + 1] + 0.0722 * data[3 * i + 2]));
    const deviation = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));
    const inputCb = blueMinusLuma(original.data);
    expect(deviation(blueMinusLuma(decodeImage(await readFile(kept)).data), inputCb)).toBeLessThanOrEqual(1.5);
    expect(deviation(blueMinusLuma(decodeImage(await readFile(plain)).data), inputCb)).toBeGreaterThan(10);
  });

  test('PNG in, PNG out at the input size; JPEG out by extension', async () => {
    const out = path.join(dir, 'styled.png');
    const run = await cli(stylizeArgs(input, out, '--strength', '0.8', '--mode', 'artistic-soft'));
    expect(run.stderr).toContain('Done: 1 frame with artistic-soft');
    expect(run.code).toBe(0);
    const image = decodeImage(await readFile(out));
    expect([image.width, image.height]).toEqual([40, 30]);

    const jpg = path.join(dir, 'styled.jpg');
    expect((await cli(stylizeArgs(input, jpg))).code).toBe(0);
    expect((await readFile(jpg)).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });

  test('an existing output is refused without --overwrite (exit 2) and replaced with it', async () => {
    const out = path.join(dir, 'styled.png');
    await writeFile(out, 'keep me');
    const refused = await cli(stylizeArgs(input, out));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('[OUTPUT_EXISTS]');
    expect(await readFile(out, 'utf8')).toBe('keep me');
    expect((await cli(stylizeArgs(input, out, '--overwrite'))).code).toBe(0);
    expect(decodeImage(await readFile(out)).width).toBe(40);
  });
});

describe('bad input: clear error, exit 1, input untouched, no output', () => {
  const cases: [string, (file: string) => Promise<void>, string][] = [
    ['corrupt bytes after a PNG signature', (f) => writeFile(f, Buffer.concat([Buffer.from(pngBytes(8, 8)).subarray(0, 8), Buffer.alloc(200, 7)])), 'INVALID_IMAGE'],
    ['a truncated PNG', async (f) => truncate(f, Math.floor((await stat(f)).size / 2)), 'INVALID_IMAGE'],
    ['a zero-size file', (f) => writeFile(f, new Uint8Array(0)), 'INVALID_IMAGE'],
    ['a 0×0 PNG', (f) => writeFile(f, withHeaderSize(pngBytes(2, 2), 0, 0)), 'INVALID_IMAGE'],
    ['a PNG over the pixel limit', (f) => writeFile(f, withHeaderSize(pngBytes(2, 2), 20000, 20000)), 'IMAGE_TOO_LARGE'],
    ['a text file named .png', (f) => writeFile(f, 'this is not a picture\n'), 'UNSUPPORTED_FORMAT'],
  ];

  test.each(cases)('%s', async (_name, damage, code) => {
    await damage(input);
    const before = await sha256File(input);
    const out = path.join(dir, 'styled.png');
    const run = await cli(stylizeArgs(input, out));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`[${code}]`);
    expect(run.stderr).toContain(input);
    expect(await sha256File(input)).toBe(before);
    await expect(stat(out)).rejects.toThrow();
  });

  test('a missing input names the file (INPUT_UNREADABLE)', async () => {
    const run = await cli(stylizeArgs(path.join(dir, 'nope.png'), path.join(dir, 'o.png')));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/nope\.png does not exist.*\[INPUT_UNREADABLE\]/);
  });

  test('a bad style image is reported as such', async () => {
    const style = path.join(dir, 'style.jpg');
    await writeFile(style, 'GIF89a not really');
    const run = await cli(['stylize', input, '--style', style, '--out', path.join(dir, 'o.png'), '--models', FIXTURE_MODELS_DIR]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('style.jpg');
  });
});

describe('models', () => {
  test('unknown mode is a usage error naming the valid modes', async () => {
    const run = await cli(stylizeArgs(input, path.join(dir, 'o.png'), '--mode', 'cubist'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Unknown mode "cubist".*artistic, artistic-soft, photorealistic.*\[UNKNOWN_MODE\]/);
  });

  test('a missing model file: MODEL_MISSING, exit 1, verify reports it', async () => {
    const models = await copyFixtureModels(dir);
    await writeFile(path.join(models, 'artistic/stylizer.onnx'), '');
    await removeDir(path.join(models, 'artistic'));
    const run = await cli(['stylize', input, '--style', STYLE, '--out', path.join(dir, 'o.png'), '--models', models]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[MODEL_MISSING]');
    const verify = await cli(['models', 'verify', '--models', models]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/FAILED artistic styleEncoder/);
    expect(verify.stdout).toMatch(/ok {5}photorealistic stylizer/);
  });

  test('a tampered model file: MODEL_TAMPERED, exit 1, no output written', async () => {
    const models = await copyFixtureModels(dir);
    const file = path.join(models, 'artistic/stylizer.onnx');
    const bytes = await readFile(file);
    bytes[bytes.length - 10] ^= 0xff;
    await writeFile(file, bytes);
    const out = path.join(dir, 'o.png');
    const run = await cli(['stylize', input, '--style', STYLE, '--out', out, '--models', models]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/artistic\/stylizer\.onnx has been modified.*\[MODEL_TAMPERED\]/);
    await expect(stat(out)).rejects.toThrow();
    const verify = await cli(['models', 'verify', '--models', models]);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain('[MODEL_TAMPERED]');
  });

  test('models list and verify on intact models', async () => {
    const list = await cli(['models', 'list', '--models', FIXTURE_MODELS_DIR]);
    expect(list.code).toBe(0);
    // Fixture models have no guide: what they do comes from their description.
    expect(list.stdout).toMatch(/^artistic \* +Tiny random network \(seed 1\) for tests +— +—$/m);
    const details = await cli(['models', 'list', '--details', '--models', FIXTURE_MODELS_DIR]);
    expect(details.stdout).toContain('random fixture for tests, generated by models/training/scripts/make_fixture_models.py');
    const verify = await cli(['models', 'verify', '--models', FIXTURE_MODELS_DIR]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('All 6 model files');
  });

  test('models list of the shipped models: a short table of what each mode does, when to use it, how fast', async () => {
    const list = await cli(['models', 'list']);
    expect(list.code).toBe(0);
    const lines = list.stdout.split('\n');
    expect(lines[0]).toMatch(/^mode +what it does +use it for +speed$/);
    for (const id of ['artistic \\*', 'artistic-soft', 'photorealistic']) {
      expect(list.stdout).toMatch(new RegExp(`^${id} +\\S.*\\S +\\S.*\\S +\\d+\\.\\d fps$`, 'm'));
    }
    // Short: no training details unless asked, and every row fits a wide terminal.
    expect(list.stdout).not.toContain('iterations');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
  });

  test('stylize --help: examples of the common jobs and the installed modes', async () => {
    const help = await cli(['stylize', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    for (const example of ['--frames 2.5s-4s', '--format prores-422-hq --frames 00:00:10:00-00:00:20:00', '--format png', '--format prores-4444', '--mode all']) {
      expect(help.stdout).toMatch(new RegExp(`^ {2}coherent-style stylize .*${example.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
    }
    const modes = help.stdout.slice(help.stdout.indexOf('Modes (--mode'));
    expect(modes).toMatch(/^ {2}artistic \(default\) +Paints with the style's strokes$/m);
    for (const id of ['artistic-soft', 'photorealistic', 'all']) expect(modes).toMatch(new RegExp(`^ {2}${id} +\\S`, 'm'));
  });

  test('no models.json: the demo says what to install', async () => {
    const run = await cli(['demo', '--models', path.join(dir, 'empty'), '--out', path.join(dir, 'out')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/models\.json does not exist.*\[MODEL_MISSING\]/);
  });
});

describe('output and usage errors', () => {
  test('an output folder that does not exist: OUTPUT_UNWRITABLE', async () => {
    const run = await cli(stylizeArgs(input, path.join(dir, 'missing-folder', 'o.png')));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[OUTPUT_UNWRITABLE]');
  });

  test('the output may not be the input', async () => {
    const before = await sha256File(input);
    const run = await cli(stylizeArgs(input, input, '--overwrite'));
    expect(run.code).toBe(2);
    expect(await sha256File(input)).toBe(before);
  });

  test.each([
    [['stylize', 'a.png', '--out', 'b.png'], /--style/],
    [['stylize', 'a.png', '--style', 's.png'], /--out/],
    [['stylize', 'a.png', '--style', 's.png', '--out', 'b.png', '--strength', '1.5'], /--strength must be a number from 0 to 1/],
    [['stylize', 'a.png', '--style', 's.png', '--out', 'b.png', '--frames', '9-3'], /last frame comes before/],
    [['stylize', 'a.png', '--style', 's.png', '--out', 'b.png', '--bogus'], /Unknown option '--bogus'/],
    [['render', 'a.png'], /Unknown command 'render'/],
    [['models', 'delete'], /models list/],
  ])('usage error %j → exit 2', async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('[INVALID_ARGUMENT]');
  });

  test('an image cannot render to a video or use --frames', async () => {
    expect((await cli(stylizeArgs(input, path.join(dir, 'o.mp4')))).code).toBe(2);
    expect((await cli(stylizeArgs(input, path.join(dir, 'o.png'), '--frames', '1-2'))).code).toBe(2);
  });

  test('--help prints usage and exits 0', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/stylize \[options\] <input>.*\n.*\n?\s*models \[options\] <list\|verify>/);
    const stylize = await cli(['stylize', '--help']);
    expect(stylize.code).toBe(0);
    expect(stylize.stdout).toContain('--style <image>');
  });
});

test('a folder output that is a file is refused', async () => {
  await mkdir(path.join(dir, 'frames-in'));
  await writeFile(path.join(dir, 'frames-in', 'f_001.png'), pngBytes(8, 8));
  await writeFile(path.join(dir, 'out-file'), 'x');
  const run = await cli(stylizeArgs(path.join(dir, 'frames-in'), path.join(dir, 'out-file')));
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('[OUTPUT_EXISTS]');
});
