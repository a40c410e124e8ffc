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
  coherent-style stylize photo.jpg --style ink.png --mode all --out modes.png`;

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
