/**
 * Whether a `stylize` command's input kind can render to the output it names, with the flags it
 * gave, and every file it reads (the output may be none of them).
 */
import { CoherentStyleError } from '../../engine/errors';
import type { InputKind } from '../../node-io/mediaInputs';
import type { NamedInput } from '../../node-io/outputGuard';
import type { OutputKind } from '../../node-io/outputFormat';
import { checkMatteFlags, type StylizeCommand } from './cliArgs';
import { ALL_MODES } from './compareModes';

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
  checkMatteFlags(command);
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
