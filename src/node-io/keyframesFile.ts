/**
 * `--keyframes file.json`: style over time as an editor writes it. Times are frame numbers,
 * seconds or timecode, as --frames takes them (frameSpan.ts), counted from the clip's first frame;
 * a frame folder, which has no frame rate, takes its files' frame numbers. For example:
 *
 *     { "ease": "ease-in-out",
 *       "keyframes": [ { "at": "0s", "strength": 0 }, { "at": "00:00:02:00", "strength": 1, "weights": [1, 0] },
 *                      { "at": "4s", "weights": [0, 1] } ] }
 */
import { z } from 'zod';
import { CoherentStyleError } from '../engine/errors';
import { KEYFRAME_EASES, lookKeyframesSchema, MAX_KEYFRAMES, type LookKeyframes } from '../engine/look/lookKeyframes';
import { describeSchemaIssues } from '../engine/schemaIssues';
import { decodeUtf8 } from '../engine/utf8';
import { parseClipPoint, resolveClipPoint } from './frameSpan';
import { readUserFile } from './userFileReader';
import type { Rational } from './videoProbe';

/** A keyframes file is small: 10,000 keyframes fit in well under this. */
const MAX_KEYFRAMES_FILE_BYTES = 4 * 2 ** 20;

const keyframesFileSchema = z.strictObject({
  ease: z.enum(KEYFRAME_EASES).default('linear'),
  keyframes: z.array(z.strictObject({
    at: z.union([z.number().int().min(0), z.string().min(1).max(64)]),
    strength: z.number().optional(),
    weights: z.array(z.number()).optional(),
  })).min(1).max(MAX_KEYFRAMES),
});

const FORMAT = 'a JSON object {"ease": "linear" or "ease-in-out", "keyframes": [{"at": time, "strength": 0..1, "weights": [w1, w2, …]}, …]}, '
  + 'times as frame numbers, seconds ("2.5s") or timecode ("00:00:02:00")';

function invalid(file: string, problem: string): CoherentStyleError {
  return new CoherentStyleError('INVALID_ARGUMENT', `--keyframes ${file}: ${problem}.\nWrite ${FORMAT}.`);
}

/**
 * The keyframes of a file, their times resolved to frames of `input` (`frameRate` undefined: a
 * frame folder), in the file's order (which must be time order), checked against the render's
 * number of styles.
 */
export async function readKeyframesFile(file: string, frameRate: Rational | undefined, styleCount: number, input: string, signal?: AbortSignal): Promise<LookKeyframes> {
  const bytes = await readUserFile(file, { maxBytes: MAX_KEYFRAMES_FILE_BYTES, signal });
  let json: unknown;
  try {
    json = JSON.parse(decodeUtf8(bytes));
  } catch (e) {
    throw invalid(file, `it is not JSON (${(e as Error).message})`);
  }
  const parsed = keyframesFileSchema.safeParse(json);
  if (!parsed.success) throw invalid(file, describeSchemaIssues(parsed.error));
  const keyframes = parsed.data.keyframes.map(({ at, strength, weights }, i) => {
    const where = `--keyframes ${file}, keyframe ${i + 1}`;
    if (weights && weights.length !== styleCount) {
      throw invalid(file, `keyframe ${i + 1} has ${weights.length} weight${weights.length === 1 ? '' : 's'} but the render has ${styleCount === 1 ? '1 --style' : `${styleCount} --style images`}; give one weight per style`);
    }
    const frame = resolveClipPoint(typeof at === 'number' ? { kind: 'frame', frame: at } : parseClipPoint(at, where), frameRate, where, input);
    return { frame, ...(strength === undefined ? {} : { strength }), ...(weights ? { weights } : {}) };
  });
  const resolved = lookKeyframesSchema.safeParse({ ease: parsed.data.ease, keyframes });
  if (!resolved.success) throw invalid(file, describeSchemaIssues(resolved.error));
  return resolved.data;
}
