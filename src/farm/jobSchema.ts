/**
 * The data of the farm's two job types, checked by every worker before it touches the disk: a
 * job that does not match (another program's job, a hand-made or tampered one) fails without
 * reading or writing anything. Paths must be absolute and normalized; the workers derive every
 * file name they write from frame numbers and the input folder's own listing, inside the output.
 */
import { lookKeyframesSchema } from '../engine/look/lookKeyframes';
import * as path from 'node:path';
import { z } from 'zod';
import { CoherentStyleError } from '../engine/errors';
import { describeSchemaIssues } from '../engine/schemaIssues';
import { VIDEO_FORMATS } from '../engine/render/videoFormats';
import { MAX_MIXED_STYLES, mixSchema, styleWeightSchema } from '../engine/look/mix';
import { lookShape } from '../engine/look/look';

/**
 * 2: a job carries a style mix (1 to MAX_MIXED_STYLES weighted styles); a version 1 worker refuses it.
 * 3: a video output names its format (H.264, ProRes, DNxHR) and a video source says whether it has alpha.
 * 4: a job may carry keyframes (strength and mix over time), which a version 3 worker would ignore.
 * 5: `render` is the Look (look/look.ts) with every control given: `size` is now `renderShortSide`.
 * 6: a job may carry a matte (--matte, --invert-matte, --matte-style), which a version 5 worker would ignore.
 */
export const FARM_JOB_VERSION = 6;
/** BullMQ job names: a worker runs these and nothing else. */
export const CHUNK_JOB = 'chunk';
export const ASSEMBLY_JOB = 'assemble';
/** Largest style image a job carries, per style (they travel in Redis). */
export const MAX_STYLE_BYTES = 16 * 2 ** 20;
/** The most frames one chunk may hold (`farm submit --chunk` takes up to this). */
export const MAX_CHUNK_FRAMES = 100_000;

const absolutePath = z.string().min(1).max(4096).refine(
  (p) => !p.includes('\0') && path.isAbsolute(p) && path.normalize(p) === p && !p.endsWith(path.sep),
  'must be an absolute, normalized path (no "..", no trailing separator)',
);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex sha256');
const frameNumber = z.number().int().min(0).max(10_000_000);
const whole = (min: number, max: number) => z.number().int().min(min).max(max);

const videoInfo = z.strictObject({
  width: whole(1, 16384),
  height: whole(1, 16384),
  frameRate: z.strictObject({ num: whole(1, 1_000_000), den: whole(1, 1_000_000) }),
  frameCount: whole(1, 10_000_000),
  videoStartSeconds: z.number().min(-86400).max(86400),
  durationSeconds: z.number().min(0).max(10 * 86400),
  videoCodec: z.string().max(64),
  hasAlpha: z.boolean(),
  audioCodecs: z.array(z.string().max(64)).max(32),
});

const source = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('video'), path: absolutePath, video: videoInfo }),
  z.strictObject({ kind: z.literal('folder'), path: absolutePath }),
]);

const output = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('video'), path: absolutePath, format: z.enum(VIDEO_FORMATS) }),
  z.strictObject({ kind: z.literal('folder'), path: absolutePath }),
]);

const frameRange = z.strictObject({ first: frameNumber, last: frameNumber })
  .refine((r) => r.last >= r.first, 'last must not come before first');

/** The job's Look: its settings as the submitter resolved them, its models, its styles by digest, its keyframes. */
const render = z.strictObject({
  ...lookShape,
  /** The submitter's model files (encoder + stylizer digests); a worker with other models refuses the chunk. */
  modelSha256: sha256,
  /** The farm's form of the style mix: each style image by digest (the images travel in the assembly job), with its weight. */
  styles: mixSchema(z.strictObject({ sha256, weight: styleWeightSchema })),
  /** Strength and mix over time, at frames of the clip (--keyframes, resolved by the submitter); weights one per style. */
  keyframes: lookKeyframesSchema.optional(),
  /**
   * Where the look goes (--matte): the matte on shared storage, one digest of its files (a worker
   * that sees other files refuses the chunk), inverted or not, and the outside style by digest.
   */
  matte: z.strictObject({ path: absolutePath, sha256, inverted: z.boolean(), outsideStyle: sha256.optional() }).optional(),
}).refine(
  (render) => (render.keyframes?.keyframes ?? []).every((k) => !k.weights || k.weights.length === render.styles.length),
  { message: 'keyframe weights must be one per style', path: ['keyframes'] },
);

const styleImage = z.strictObject({ base64: z.string().max(Math.ceil(MAX_STYLE_BYTES / 3) * 4), sha256 });

const jobKey = z.string().regex(/^cs-[0-9a-f]{32}$/, 'must be a farm job key');

const chunkJobSchema = z.strictObject({
  version: z.literal(FARM_JOB_VERSION),
  key: jobKey,
  index: whole(0, 1_000_000),
  source,
  output,
  /** Source frame numbers from first to last (a frame folder may have gaps). */
  frames: frameRange,
  render,
}).refine(
  // A video's frames are consecutive: its span is its frame count. (A folder's chunk holds only the frames found in it.)
  (chunk) => chunk.source.kind !== 'video' || chunk.frames.last - chunk.frames.first < MAX_CHUNK_FRAMES,
  { message: `a chunk holds at most ${MAX_CHUNK_FRAMES} frames`, path: ['frames'] },
);

const assemblyJobSchema = z.strictObject({
  version: z.literal(FARM_JOB_VERSION),
  key: jobKey,
  source,
  output,
  frames: frameRange,
  /** True when the submitter asked for part of the input (--frames): the audio is cut to match. */
  partial: z.boolean(),
  /** Frames the job renders (a frame folder's range may have gaps). */
  frameCount: whole(1, 10_000_000),
  chunkCount: whole(1, 1_000_000),
  render,
  /** The style images themselves (base64, one per entry of render.styles, in its order), so workers need no access to where they were. */
  styles: z.array(styleImage).min(1).max(MAX_MIXED_STYLES),
  /** The matte's outside style image (render.matte.outsideStyle), carried as the styles are. */
  outsideStyle: styleImage.optional(),
}).refine(
  (job) => job.outsideStyle?.sha256 === job.render.matte?.outsideStyle,
  { message: 'the outside style image must be the one render.matte names', path: ['outsideStyle'] },
);

export type ChunkJobData = z.infer<typeof chunkJobSchema>;
export type AssemblyJobData = z.infer<typeof assemblyJobSchema>;
export type FarmRender = z.infer<typeof render>;
export type FarmMatte = NonNullable<FarmRender['matte']>;
export type FarmSource = z.infer<typeof source>;
export type FarmOutput = z.infer<typeof output>;

function parseWith<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `Refusing a ${what} job with invalid data (${describeSchemaIssues(parsed.error)}); workers run only jobs made by \`coherent-style farm submit\`.`);
  }
  return parsed.data;
}

export function parseChunkJob(data: unknown): ChunkJobData {
  return parseWith(chunkJobSchema, data, 'chunk');
}

export function parseAssemblyJob(data: unknown): AssemblyJobData {
  return parseWith(assemblyJobSchema, data, 'assembly');
}

/**
 * A chunk must be part of its render job: the same input, output and render settings, its frames
 * within the job's range, and no more of them than the job has. A chunk forged in Redis with the
 * key of a real job (frames 0-3,000,000 of a 36-frame job) is refused before any work.
 */
export function checkChunkWithinJob(chunk: ChunkJobData, job: AssemblyJobData): void {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const { first, last } = chunk.frames;
  const problem = !same(chunk.source, job.source) || !same(chunk.output, job.output) || !same(chunk.render, job.render)
    ? 'its input, output or render settings differ from its job\'s'
    : first < job.frames.first || last > job.frames.last
      ? `its frames ${first}-${last} go beyond the job's ${job.frames.first}-${job.frames.last}`
      : chunk.index >= job.chunkCount
        ? `it is chunk ${chunk.index + 1} of a job of ${job.chunkCount}`
        : chunk.source.kind === 'video' && last - first + 1 > job.frameCount
          ? `its ${last - first + 1} frames are more than the job's ${job.frameCount}`
          : undefined;
  if (problem) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `Refusing chunk ${chunk.index} of job ${chunk.key}: ${problem}; workers run only chunks made by \`coherent-style farm submit\`.`);
  }
}
