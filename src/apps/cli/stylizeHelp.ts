/**
 * What `coherent-style stylize --help` adds below the options: examples of the common jobs and the
 * installed modes (read from the default models folder when the help is shown, so it lists what is
 * really there).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { modelManifestSchema } from '../../engine/inference/modelContract';
import { ALL_MODES } from './compareModes';

const EXAMPLES = `
Examples:
  # an image, a video (same rate, frame count and audio), a stretch of a clip in seconds
  coherent-style stylize photo.jpg --style samples/styles/mosaic.png --out photo-mosaic.png
  coherent-style stylize clip.mp4 --style samples/styles/ink-wash.png --out clip-ink.mp4
  coherent-style stylize clip.mp4 --style ink.png --out part.mp4 --frames 2.5s-4s
  # for editing: ProRes 422 HQ for a timecode range, PNG frames, ProRes 4444 keeping alpha
  coherent-style stylize clip.mov --style ink.png --out graded.mov --format prores-422-hq --frames 00:00:10:00-00:00:20:00
  coherent-style stylize clip.mov --style ink.png --out graded-frames --format png
  coherent-style stylize keyed.mov --style ink.png --out keyed-ink.mov --format prores-4444
  # a gentler, mixed look; every mode side by side on one image
  coherent-style stylize clip.mp4 --style a.png --style b.png --weights 0.7,0.3 --strength 0.6 --out mix.mp4
  coherent-style stylize photo.jpg --style ink.png --mode all --out modes.png
  # bigger strokes; a look that fades in, then turns into another (keyframes below)
  coherent-style stylize clip.mp4 --style ink.png --style-scale 2 --out big-strokes.mp4
  coherent-style stylize clip.mp4 --style a.png --style b.png --keyframes look.json --out over-time.mp4
  # the look on the subject only (a white-on-black matte clip), or another look on the background
  coherent-style stylize clip.mp4 --style ink.png --matte subject-matte.mov --out subject.mp4
  coherent-style stylize clip.mp4 --style ink.png --matte subject-matte.mov --matte-style mosaic.png --out two-looks.mp4

Keyframes (--keyframes look.json): times as --frames takes them (frames, 2.5s, 00:00:02:00); each
keyframe sets strength, the --style weights, or both; between keyframes they move (linear or
ease-in-out), before the first and after the last they hold:
  {"ease": "ease-in-out", "keyframes": [{"at": "0s", "strength": 0, "weights": [1, 0]},
    {"at": "1s", "strength": 1}, {"at": "3s", "weights": [1, 0]}, {"at": "5s", "weights": [0, 1]}]}`;

/** The modes in `modelsDir`, one line each; a sentence instead when the models cannot be read. */
function modeLines(modelsDir: string): string[] {
  const manifestPath = path.join(modelsDir, 'models.json');
  let manifest;
  try {
    manifest = modelManifestSchema.parse(JSON.parse(readFileSync(manifestPath, 'utf8')));
  } catch {
    return [`  (no readable ${manifestPath}: see \`coherent-style models list --models <dir>\`)`];
  }
  const rows = manifest.models.map((m) => [`${m.id}${m.id === manifest.defaultMode ? ' (default)' : ''}`, m.modeGuide?.does ?? m.label]);
  rows.push([ALL_MODES, 'every mode side by side on one image, labelled (images only)']);
  const width = Math.max(...rows.map(([id]) => id.length));
  return rows.map(([id, does]) => `  ${id.padEnd(width)}  ${does}`);
}

export function stylizeHelpText(modelsDir: string): string {
  return `${EXAMPLES}

Modes (--mode; \`coherent-style models list\` says when to use each):
${modeLines(modelsDir).join('\n')}`;
}
