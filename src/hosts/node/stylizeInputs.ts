/**
 * What a `stylize` command reads: the kind of its input, whether that kind can render to the
 * output it names, and which of its frames a --frames span selects.
 */
import { stat } from 'node:fs/promises';
import { CoherentStyleError } from '../../engine/errors';
import type { StylizeCommand } from './cliArgs';
import { ALL_MODES } from './compareModes';
import type { FrameSpan } from './frameSpan';
import { isImagePath } from './imageFiles';
import type { NamedInput } from './outputGuard';
import type { OutputKind } from './outputFormat';

export type InputKind = 'image' | 'video' | 'folder';

export async function classifyInput(input: string): Promise<InputKind> {
  let info;
  try {
    info = await stat(input);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CoherentStyleError('INPUT_UNREADABLE',
      code === 'ENOENT' ? `${input} does not exist.` : `Cannot read ${input} (${(e as Error).message}).`, { cause: e });
  }
  if (info.isDirectory()) return 'folder';
  // A device (/dev/zero), FIFO or socket would never end or never answer: only regular files are read.
  if (!info.isFile()) {
    throw new CoherentStyleError('INPUT_UNREADABLE', `Cannot read ${input} (it is not a regular file, folder or link to one); give an image, a video or a frame folder.`);
  }
  return isImagePath(input) ? 'image' : 'video';
}

const SUPPORTED_PAIRS: Record<InputKind, readonly OutputKind[]> = {
  image: ['image'],
  video: ['video', 'folder'],
  folder: ['folder'],
};

export function checkPair(input: InputKind, output: OutputKind, command: StylizeCommand): void {
  if (command.mode === ALL_MODES && (input !== 'image' || output !== 'image')) {
    throw new CoherentStyleError('INVALID_ARGUMENT', '--mode all compares every mode on one image: give an image input and an image --out (e.g. --out modes.png).');
  }
  if (command.mode === ALL_MODES && command.matte) throw new CoherentStyleError('INVALID_ARGUMENT', '--mode all compares whole frames; it takes no --matte.');
  if (!command.matte && (command.matteStyle || command.invertMatte)) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `${command.matteStyle ? '--matte-style' : '--invert-matte'} goes with --matte <image|video|folder>, the matte it applies to.`);
  }
  if (!SUPPORTED_PAIRS[input].includes(output)) {
    const wanted = SUPPORTED_PAIRS[input].map((k) => (k === 'image' ? 'an image (.png/.jpg)' : k === 'video' ? 'a video (.mp4/.mov/.mkv/.mxf)' : 'a folder')).join(' or ');
    throw new CoherentStyleError('INVALID_ARGUMENT', `A${input === 'image' ? 'n' : ''} ${input} input renders to ${wanted}; --out ${command.out} is a${output === 'image' ? 'n' : ''} ${output}.`);
  }
  for (const [flag, given] of [['--frames', command.frames], ['--keyframes', command.keyframes]] as const) {
    if (input === 'image' && given) throw new CoherentStyleError('INVALID_ARGUMENT', `${flag} applies to videos and frame folders, not to a single image.`);
  }
}

/** Every file the command reads: the output may be none of them. */
export function inputsOf(command: StylizeCommand, styleFiles: readonly string[]): NamedInput[] {
  return [
    { path: command.input, what: 'the input' },
    ...styleFiles.map((file) => ({ path: file, what: `the style image ${file}` })),
    ...(command.keyframes ? [{ path: command.keyframes, what: 'the keyframes file' }] : []),
    ...(command.matte ? [{ path: command.matte, what: 'the matte' }] : []),
    ...(command.matteStyle ? [{ path: command.matteStyle, what: `the style image ${command.matteStyle}` }] : []),
  ];
}

/** The frame numbers a --frames span selects from those available (ascending). */
export function selectFrames(available: readonly number[], span: FrameSpan | undefined, what: string): number[] {
  if (!span) return [...available];
  const selected = available.filter((n) => n >= span.first && (span.last === undefined || n <= span.last));
  if (selected.length === 0) {
    const range = available.length > 0 ? `${available[0]}-${available[available.length - 1]}` : 'none';
    throw new CoherentStyleError('INVALID_ARGUMENT', `--frames ${span.first}-${span.last ?? ''} selects no frame of ${what} (its frames are ${range}).`);
  }
  if (span.last !== undefined && span.last > available[available.length - 1]) {
    throw new CoherentStyleError('INVALID_ARGUMENT', `--frames ${span.first}-${span.last} goes past the last frame of ${what} (${available[available.length - 1]}).`);
  }
  return selected;
}
