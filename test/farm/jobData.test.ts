import { CoherentStyleError } from '../../src/engine/errors';
import { farmJobKey, type JobIdentity } from '../../src/farm/jobKey';
import {
  checkChunkWithinJob, FARM_JOB_VERSION, MAX_CHUNK_FRAMES, parseAssemblyJob, parseChunkJob, type AssemblyJobData, type ChunkJobData,
} from '../../src/farm/jobSchema';
import { chunkFramesDir, confinedPath } from '../../src/farm/outputLayout';
import { planChunks } from '../../src/farm/submit';

const identity: JobIdentity = {
  source: { kind: 'video', path: '/nas/clip.mp4', bytes: 1000, modifiedMs: 5 },
  output: { kind: 'video', path: '/nas/out.mp4', format: 'h264' },
  frames: { first: 0, last: 99 },
  chunkFrames: 10,
  render: { mode: 'artistic', modelSha256: 'a'.repeat(64), styles: [{ sha256: 'b'.repeat(64), weight: 1 }], strength: 1, keepColors: false, styleScale: 1, temporal: 'normal' },
};

test('the job key depends on the render, not on how its description is ordered', () => {
  const key = farmJobKey(identity);
  expect(key).toMatch(/^cs-[0-9a-f]{32}$/);
  const reordered = { render: { ...identity.render }, chunkFrames: 10, frames: { last: 99, first: 0 }, output: identity.output, source: identity.source };
  expect(farmJobKey(reordered as JobIdentity)).toBe(key);
  expect(farmJobKey({ ...identity, render: { ...identity.render, strength: 0.5 } })).not.toBe(key);
  expect(farmJobKey({ ...identity, source: { ...identity.source, modifiedMs: 6 } })).not.toBe(key);
  expect(farmJobKey({ ...identity, render: { ...identity.render, renderShortSide: 720 } })).not.toBe(key);
});

test('the job key depends on the mix: another weight or another style is another job, the same mix the same job', () => {
  const mix = (weights: number[]) => ({ ...identity, render: { ...identity.render, styles: [{ sha256: 'b'.repeat(64), weight: weights[0] }, { sha256: 'c'.repeat(64), weight: weights[1] }] } });
  expect(farmJobKey(mix([0.7, 0.3]))).toBe(farmJobKey(mix([0.7, 0.3])));
  expect(farmJobKey(mix([0.7, 0.3]))).not.toBe(farmJobKey(mix([0.3, 0.7])));
  expect(farmJobKey(mix([1, 0]))).not.toBe(farmJobKey(identity));
});

test('chunks cover the selected frames in runs of N, gaps included', () => {
  expect(planChunks([0, 1, 2, 3, 4, 5, 6], 3)).toEqual([{ first: 0, last: 2 }, { first: 3, last: 5 }, { first: 6, last: 6 }]);
  expect(planChunks([1, 2, 5, 9], 2)).toEqual([{ first: 1, last: 2 }, { first: 5, last: 9 }]);
});

const chunk: ChunkJobData = {
  version: FARM_JOB_VERSION,
  key: `cs-${'1'.repeat(32)}`,
  index: 0,
  source: { kind: 'folder', path: '/nas/frames' },
  output: { kind: 'folder', path: '/nas/out' },
  frames: { first: 0, last: 9 },
  render: identity.render,
};

function refusal(data: unknown): string {
  try {
    parseChunkJob(data);
  } catch (e) {
    expect(e).toBeInstanceOf(CoherentStyleError);
    expect((e as CoherentStyleError).code).toBe('INVALID_ARGUMENT');
    return (e as Error).message;
  }
  throw new Error('accepted');
}

test('valid chunk data passes', () => {
  expect(parseChunkJob(chunk)).toEqual(chunk);
});

test.each([
  ['an output path that climbs out', { ...chunk, output: { kind: 'folder', path: '/nas/out/../../etc' } }, /output\.path: must be an absolute, normalized path/],
  ['a relative input', { ...chunk, source: { kind: 'folder', path: 'frames' } }, /source\.path/],
  ['an unknown field', { ...chunk, shell: 'rm -rf /' }, /Unrecognized key/],
  ['a frame range backwards', { ...chunk, frames: { first: 9, last: 0 } }, /frames: last must not come before first/],
  ['a mode id with a path in it', { ...chunk, render: { ...chunk.render, mode: '../artistic' } }, /render\.mode/],
  ['another version', { ...chunk, version: 1 }, /version/],
  ['a render size under its version 4 name', { ...chunk, render: { ...chunk.render, size: 720 } }, /Unrecognized key/],
  ['a render without a control', { ...chunk, render: { ...chunk.render, temporal: undefined } }, /render\.temporal/],
  ['no style', { ...chunk, render: { ...chunk.render, styles: [] } }, /render\.styles/],
  ['five styles', { ...chunk, render: { ...chunk.render, styles: Array(5).fill(chunk.render.styles[0]) } }, /render\.styles/],
  ['all weights 0', { ...chunk, render: { ...chunk.render, styles: [{ sha256: 'b'.repeat(64), weight: 0 }] } }, /at least one style weight must be above 0/],
  ['weights whose sum overflows', { ...chunk, render: { ...chunk.render, styles: [{ sha256: 'b'.repeat(64), weight: 1e308 }, { sha256: 'c'.repeat(64), weight: 1e308 }] } }, /render\.styles\.0\.weight/],
  ['a negative weight', { ...chunk, render: { ...chunk.render, styles: [{ sha256: 'b'.repeat(64), weight: -1 }] } }, /render\.styles\.0\.weight/],
])('chunk data with %s is refused', (_what, data, message) => {
  expect(refusal(data)).toMatch(message);
});

test('assembly data must carry the style images with their digests', () => {
  const assembly = { ...chunk, partial: false, frameCount: 10, chunkCount: 1 };
  delete (assembly as Partial<ChunkJobData>).index;
  expect(() => parseAssemblyJob(assembly)).toThrow(/styles/);
  expect(() => parseAssemblyJob({ ...assembly, styles: [] })).toThrow(/styles/);
  expect(parseAssemblyJob({ ...assembly, styles: [{ base64: 'AA==', sha256: 'b'.repeat(64) }] }).styles).toHaveLength(1);
});

test('file names stay inside their folder', () => {
  expect(confinedPath('/nas/out', 'frame_000001.png')).toBe('/nas/out/frame_000001.png');
  expect(() => confinedPath('/nas/out', '../frame.png')).toThrow(/not a file name inside \/nas\/out/);
  expect(() => confinedPath('/nas/out', 'sub/frame.png')).toThrow(CoherentStyleError);
  expect(() => confinedPath('/nas/out', '/etc/passwd')).toThrow(CoherentStyleError);
});

test('a video output stages its frames in a hidden folder per job beside it', () => {
  expect(chunkFramesDir({ kind: 'video', path: '/nas/renders/out.mp4', format: 'h264' }, chunk.key)).toBe(`/nas/renders/.out.mp4.${chunk.key}.frames`);
  expect(chunkFramesDir({ kind: 'folder', path: '/nas/out' }, chunk.key)).toBe('/nas/out');
});

describe('a chunk must be part of its render job', () => {
  const job: AssemblyJobData = {
    version: FARM_JOB_VERSION, key: chunk.key, source: chunk.source, output: chunk.output, frames: { first: 0, last: 35 },
    partial: false, frameCount: 36, chunkCount: 3, render: chunk.render, styles: [{ base64: '', sha256: 'b'.repeat(64) }],
  };
  const within = (c: ChunkJobData) => () => checkChunkWithinJob(c, job);

  test('a chunk the submitter made passes', () => {
    expect(within({ ...chunk, frames: { first: 12, last: 23 }, index: 1 })).not.toThrow();
  });

  test.each([
    ['frames 0-3,000,000', { ...chunk, frames: { first: 0, last: 3_000_000 } }, /its frames 0-3000000 go beyond the job's 0-35/],
    ['an index past the chunk count', { ...chunk, index: 3 }, /chunk 4 of a job of 3/],
    ['other render settings', { ...chunk, render: { ...chunk.render, strength: 0.5 } }, /render settings differ/],
    ['another output', { ...chunk, output: { kind: 'folder' as const, path: '/nas/elsewhere' } }, /output .* differ/],
  ])('a forged chunk with %s is refused', (_what, forged, message) => {
    expect(within(forged as ChunkJobData)).toThrow(message);
  });

  test('a video chunk of more than MAX_CHUNK_FRAMES frames fails the schema', () => {
    const video = { width: 8, height: 8, frameRate: { num: 24, den: 1 }, frameCount: 10_000_000, videoStartSeconds: 0, durationSeconds: 1, videoCodec: 'h264', audioCodecs: [], hasAlpha: false };
    const huge = { ...chunk, source: { kind: 'video', path: '/nas/clip.mp4', video }, frames: { first: 0, last: MAX_CHUNK_FRAMES } };
    expect(() => parseChunkJob(huge)).toThrow(/frames: a chunk holds at most 100000 frames/);
    expect(() => parseChunkJob({ ...huge, frames: { first: 0, last: MAX_CHUNK_FRAMES - 1 } })).not.toThrow();
  });
});
