/** The CLI's pure parts: argument parsing, ffmpeg output parsing, frame-rate snapping, progress text, even sizes. */
import { CommanderError } from 'commander';
import { lookInputOf, type StylizeCommand } from '../../../src/apps/cli/cliArgs';
import { LOOK_DEFAULTS, lookSettingsOf } from '../../../src/engine/look/look';
import { exitCodeFor } from '../../../src/apps/cli/cli';
import { cliProgram } from '../../../src/apps/cli/cliProgram';
import type { CliContext } from '../../../src/apps/cli/cliContext';
import { CancelledError, CoherentStyleError } from '../../../src/engine/errors';
import { describeProgress, formatDuration, ProgressReporter } from '../../../src/node-io/progressBar';
import { selectFrames } from '../../../src/node-io/mediaInputs';
import { toRawFrame } from '../../../src/node-io/videoEncoder';
import { chooseFrameRate, parsePacketList, parseStreamListing, snapFrameRate } from '../../../src/node-io/videoProbe';

/** The real program, with `name`'s action replaced by one that records what it was given. */
async function parsed(name: string, argv: string[]): Promise<unknown[]> {
  const sink = { write: () => true } as unknown as NodeJS.WritableStream;
  const context = { env: {}, io: { stdout: sink, stderr: sink, signal: new AbortController().signal }, packageRoot: '.' } as unknown as CliContext;
  const program = cliProgram(context, '0.0.0');
  let received: unknown[] = [];
  program.commands.find((c) => c.name() === name)!.action((...args: unknown[]) => { received = args.slice(0, -1); });
  await program.parseAsync(argv, { from: 'user' });
  return received;
}

async function parsedStylize(argv: string[]): Promise<StylizeCommand> {
  const [input, options] = await parsed('stylize', argv) as [string, Omit<StylizeCommand, 'input'>];
  return { input, ...options };
}

describe('arguments', () => {
  test('stylize with every option', async () => {
    expect(await parsedStylize(['stylize', 'in.mp4', '--style', 's.png', '--mode', 'artistic', '--out', 'o.mp4',
      '--strength', '0.25', '--size', '540', '--frames', '10-', '--overwrite', '--models', 'm',
      '--style', 't.png', '--weights', '0.7,0.3', '--style-scale', '1.5', '--keep-colors', '--temporal', 'strong'])).toEqual({
      input: 'in.mp4', style: ['s.png', 't.png'], mode: 'artistic', out: 'o.mp4', strength: 0.25, size: 540,
      frames: { text: '10-', first: { kind: 'frame', frame: 10 } }, overwrite: true, models: 'm', weights: [0.7, 0.3], styleScale: 1.5, keepColors: true,
      temporal: 'strong',
    });
  });

  test('defaults: strength 1, no size, no range, no overwrite, steadiness normal', async () => {
    expect(await parsedStylize(['stylize', 'a.png', '--style', 's.png', '--out', 'b.png'])).toEqual({
      input: 'a.png', style: ['s.png'], out: 'b.png', strength: 1, overwrite: false, keepColors: false, temporal: 'normal',
    });
  });

  test('the look flags translate into the Look: --size is its render size, the defaults are the Look\'s own', async () => {
    const command = await parsedStylize(['stylize', 'in.mp4', '--style', 's.png', '--out', 'o.mp4', '--mode', 'artistic', '--size', '540', '--keep-colors', '--overwrite']);
    expect(lookSettingsOf({ mode: 'artistic', ...lookInputOf(command) })).toEqual({ ...LOOK_DEFAULTS, mode: 'artistic', renderShortSide: 540, keepColors: true });
    const plain = await parsedStylize(['stylize', 'a.png', '--style', 's.png', '--out', 'b.png']);
    expect(lookSettingsOf({ mode: 'artistic', ...lookInputOf(plain) })).toEqual({ ...LOOK_DEFAULTS, mode: 'artistic' });
  });

  test.each([['--size', '8'], ['--size', '12.5'], ['--strength', '-0.1'], ['--strength', 'strong'], ['--temporal', 'on'], ['--temporal', 'Normal']])('%s %s is refused', async (flag, value) => {
    await expect(parsedStylize(['stylize', 'a.png', '--style', 's.png', '--out', 'b.png', flag, value])).rejects.toThrow(CoherentStyleError);
  });

  test('options a command does not take are refused', async () => {
    await expect(parsed('models', ['models', 'list', '--overwrite'])).rejects.toThrow(CommanderError);
    await expect(parsed('models', ['models', 'list', '--overwrite'])).rejects.toThrow(/unknown option '--overwrite'/);
  });

  test('serve: its options, with their defaults', async () => {
    expect(await parsed('serve', ['serve', '--port', '0', '--grace-seconds', '3'])).toEqual([
      { port: 0, maxClients: 8, maxQueue: 4, maxMessageMb: 65, graceSeconds: 3 },
    ]);
    await expect(parsed('serve', ['serve', '--port', '70000'])).rejects.toThrow(/--port must be a whole number from 0 to 65535/);
    expect(await parsed('serve', ['serve', '--farm', 'rediss://:pw@farm:6380'])).toEqual([
      { port: 0, maxClients: 8, maxQueue: 4, maxMessageMb: 65, graceSeconds: 10, farm: 'rediss://:pw@farm:6380' },
    ]);
  });

  test('exit codes: usage 2, runtime 1, cancel 130', () => {
    expect(exitCodeFor(new CoherentStyleError('INVALID_ARGUMENT', 'x'))).toBe(2);
    expect(exitCodeFor(new CoherentStyleError('OUTPUT_EXISTS', 'x'))).toBe(2);
    expect(exitCodeFor(new CoherentStyleError('DISK_FULL', 'x'))).toBe(1);
    expect(exitCodeFor(new Error('bug'))).toBe(1);
    expect(exitCodeFor(new CancelledError())).toBe(130);
  });

  test('frame selection by span', () => {
    expect(selectFrames([3, 4, 5, 10], { first: 4, last: 5 }, 'x')).toEqual([4, 5]);
    expect(selectFrames([3, 4, 5, 10], { first: 5 }, 'x')).toEqual([5, 10]);
    expect(() => selectFrames([3, 4], { first: 7 }, 'x')).toThrow(/selects no frame/);
  });
});

describe('ffmpeg output', () => {
  const listing = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'phone.mov':
  Duration: 00:01:02.50, start: 0.000000, bitrate: 106 kb/s
  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709, progressive), 1920x1080 [SAR 1:1 DAR 16:9], 17 kb/s, 29.97 fps, 29.97 tbr, 30k tbn (default)
    Metadata:
      handler_name    : VideoHandler
    Side data:
      displaymatrix: rotation of -90.00 degrees
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, stereo, fltp, 70 kb/s (default)
  Stream #0:2[0x3](und): Audio: pcm_s16le, 48000 Hz, mono, s16, 768 kb/s
At least one output file must be specified`;

  test('stream listing: rotation swaps the decoded size; audio codecs in order', () => {
    expect(parseStreamListing(listing)).toEqual({
      width: 1080, height: 1920, headerFps: 29.97, videoCodec: 'h264', hasAlpha: false, audioCodecs: ['aac', 'pcm_s16le'], durationSeconds: 62.5,
    });
    expect(parseStreamListing(listing.replace(/\s+Side data:\n.*\n/, '\n'))?.width).toBe(1920);
    expect(parseStreamListing("Input #0, wav, from 'a.wav':\n  Stream #0:0: Audio: pcm_s16le, 44100 Hz")).toBeUndefined();
  });

  test('stream listing: alpha from the pixel format', () => {
    const line = (video: string) => `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'a.mov':\n  Duration: 00:00:01.00, start: 0.000000, bitrate: 1 kb/s\n  Stream #0:0[0x1](und): Video: ${video}, 24 fps, 24 tbr, 12288 tbn (default)\n`;
    expect(parseStreamListing(line('prores (4444) (ap4h / 0x68347061), yuva444p12le(tv, bt709, progressive), 96x64, 9000 kb/s'))?.hasAlpha).toBe(true);
    expect(parseStreamListing(line('png (png  / 0x20676E70), rgba(pc), 96x64, 900 kb/s'))?.hasAlpha).toBe(true);
    expect(parseStreamListing(line('prores (HQ) (apch / 0x68637061), yuv422p10le(tv, bt709, progressive), 96x64, 9000 kb/s'))?.hasAlpha).toBe(false);
    expect(parseStreamListing(line('h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709, progressive), 96x64 [SAR 1:1 DAR 3:2], 17 kb/s'))?.hasAlpha).toBe(false);
  });

  test('packet list: count, exact rate from the time base, first pts', () => {
    const crc = ['#tb 0: 1/24000', '#media_type 0: video', '0,      -2002,       1001,     1001,     1341, 0x78f62ce8',
      '0,      -1001,       3003,     1001,      200, 0x1', '0,          0,       2002,     1001,      200, 0x2'].join('\n');
    expect(parsePacketList(crc)).toEqual({ frameCount: 3, packetRate: { num: 24000, den: 1001 }, firstPtsSeconds: 1001 / 24000 });
  });

  test('rate choice: exact packet rate when it agrees with the header, else the snapped header rate', () => {
    expect(chooseFrameRate(23.98, { num: 24000, den: 1001 })).toEqual({ num: 24000, den: 1001 });
    expect(chooseFrameRate(23.98, { num: 1000, den: 42 })).toEqual({ num: 24000, den: 1001 }); // mkv's 1 ms time base
    expect(chooseFrameRate(undefined, { num: 25, den: 1 })).toEqual({ num: 25, den: 1 });
  });

  test.each([[25, 25, 1], [29.97, 30000, 1001], [59.94, 60000, 1001], [23.98, 24000, 1001], [12.5, 25, 2], [119.88, 120000, 1001]])(
    'snap %p fps → %p/%p', (fps, num, den) => {
      expect(snapFrameRate(fps)).toEqual({ num, den });
    });
});

describe('progress', () => {
  const progress = { done: 12, total: 96, fps: 3.456, etaSeconds: 24.4 };

  test('text', () => {
    expect(describeProgress(progress)).toBe('12/96 frames  3.46 fps  ETA 0:24');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(null)).toBe('--:--');
  });

  test('a TTY gets one redrawn bar; other outputs get throttled plain lines', () => {
    const tty: string[] = [];
    const bar = new ProgressReporter({ isTTY: true, columns: 200, write: (t) => tty.push(t) }, 'Rendering');
    bar.update(progress);
    bar.finish();
    // eslint-disable-next-line no-control-regex -- the terminal's clear-line escape is what is tested
    expect(tty[0]).toMatch(/^\r\x1b\[2KRendering \[#{3}-{17}\] {2}12% {2}12\/96 frames/);
    expect(tty[1]).toBe('\n');

    const lines: string[] = [];
    let now = 0;
    const plain = new ProgressReporter({ isTTY: false, write: (t) => lines.push(t) }, 'Rendering', () => now);
    plain.update(progress);
    now = 500;
    plain.update({ ...progress, done: 13 });
    now = 1600;
    plain.update({ ...progress, done: 14 });
    plain.update({ ...progress, done: 96, etaSeconds: 0 });
    expect(lines).toEqual([
      'Rendering 12/96 frames  3.46 fps  ETA 0:24\n',
      'Rendering 14/96 frames  3.46 fps  ETA 0:24\n',
      'Rendering 96/96 frames  3.46 fps  ETA 0:00\n',
    ]);
  });
});

test('odd frames are padded to even sizes by repeating the edge', () => {
  const rgb = toRawFrame({ width: 3, height: 1, channels: 4, bitDepth: 8, data: Uint8Array.from([1, 2, 3, 255, 4, 5, 6, 255, 7, 8, 9, 255]) }, { width: 4, height: 2 }, false);
  expect(Array.from(rgb)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 7, 8, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 7, 8, 9]);
});

test('frames for an alpha format keep their alpha; opaque frames get alpha 255', () => {
  const rgba = toRawFrame({ width: 2, height: 1, channels: 4, bitDepth: 8, data: Uint8Array.from([1, 2, 3, 40, 4, 5, 6, 0]) }, { width: 2, height: 1 }, true);
  expect(Array.from(rgba)).toEqual([1, 2, 3, 40, 4, 5, 6, 0]);
  const opaque = toRawFrame({ width: 1, height: 1, channels: 3, bitDepth: 8, data: Uint8Array.from([7, 8, 9]) }, { width: 1, height: 1 }, true);
  expect(Array.from(opaque)).toEqual([7, 8, 9, 255]);
});
