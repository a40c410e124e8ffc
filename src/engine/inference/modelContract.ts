/**
 * The model contract every mode follows (see models/README.md for the full text).
 *
 * Two ONNX graphs per mode, so style work happens once per job and never per frame:
 *  - style_encoder.onnx: `style` float32 [1,3,H,W] RGB in [0,1] → named style statistics
 *    (SCT models: `style_cov` [1,32,32] and `style_mean` [1,C,1,1]).
 *  - stylizer.onnx: `content` float32 [1,3,H,W] in [0,1] (H, W multiples of sizeMultiple),
 *    `alpha` float32 [1], every style_encoder output by the same name, and the frame-global
 *    content statistics `content_mean`/`content_std` [1,K,1,1] with `use_content_stats` float32 [1]:
 *    0 → the graph standardises with the statistics of this very input (the official forward),
 *    1 → it uses the given ones. Outputs `stylized` [1,3,H,W] in [0,1] and the statistics it used,
 *    `used_content_mean`/`used_content_std`, so a tiled frame can take them from a whole-frame pass and
 *    every tile is normalised identically (no per-tile colour shifts). (ONNX names are single
 *    assignment: an output cannot share its name with an input, hence the `used_` prefix.)
 */
import { z } from 'zod';

// One source for both languages: the Python exporter (models/training/contract/names.py) reads this file too.
import contract from '../../../models/contract.json';

export const STYLE_INPUT = contract.styleEncoder.input;
export const CONTENT_INPUT = contract.stylizer.inputs.content;
export const ALPHA_INPUT = contract.stylizer.inputs.alpha;
export const CONTENT_MEAN = contract.stylizer.inputs.contentMean;
export const CONTENT_STD = contract.stylizer.inputs.contentStd;
export const USE_CONTENT_STATS = contract.stylizer.inputs.useContentStats;
export const STYLIZED_OUTPUT = contract.stylizer.outputs.stylized;
export const CONTENT_MEAN_OUTPUT = contract.stylizer.outputs.usedContentMean;
export const CONTENT_STD_OUTPUT = contract.stylizer.outputs.usedContentStd;

export const MANIFEST_VERSION = contract.manifestVersion;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex sha256');
const modelFile = z.object({
  file: z.string().min(1).refine((f) => !f.includes('..') && !f.startsWith('/'), 'must be a path inside models/'),
  sha256,
  bytes: z.number().int().positive(),
});

export const modelEntrySchema = z.object({
  id: z.string().regex(new RegExp(contract.modeIdPattern)),
  label: z.string().min(1),
  description: z.string().min(1),
  styleEncoder: modelFile,
  stylizer: modelFile,
  sizeMultiple: z.number().int().positive(),
  recommendedShortSide: z.number().int().positive(),
  /** Names of the style statistics (style_encoder outputs = extra stylizer inputs). */
  styleStatistics: z.array(z.string().min(1)).min(1),
  /** Channels K of content_mean/content_std. */
  contentStatChannels: z.number().int().positive(),
  provenance: z.string().min(1),
  /** What `models list` tells a user choosing a mode, in plain words (written by hand; kept when a model is replaced). */
  modeGuide: z.object({
    /** What the mode does to a clip, in a few words (a table cell). */
    does: z.string().min(1).max(48),
    /** The footage or job it suits. */
    useWhen: z.string().min(1).max(40),
    /** Median ms per 1280×720 frame on the CPU of the benchmark machine (BENCHMARKS.md, onnxruntime-node). */
    cpuMsPer720pFrame: z.number().positive(),
  }).optional(),
});

export const modelManifestSchema = z.object({
  version: z.literal(MANIFEST_VERSION),
  defaultMode: z.string(),
  models: z.array(modelEntrySchema).min(1),
}).refine((m) => m.models.some((e) => e.id === m.defaultMode), { message: 'defaultMode must name a listed model' })
  .refine((m) => new Set(m.models.map((e) => e.id)).size === m.models.length, { message: 'model ids must be unique' });

export type ModelFile = z.infer<typeof modelFile>;
export type ModelEntry = z.infer<typeof modelEntrySchema>;
export type ModelManifest = z.infer<typeof modelManifestSchema>;
