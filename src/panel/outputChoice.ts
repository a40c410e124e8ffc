/**
 * The panel's Output choice: what Apply writes. Numbered PNG stills work everywhere; a movie
 * (ProRes, DNxHR, H.264) is encoded by the Coherent Style companion, since UXP cannot run ffmpeg.
 * Per render, like Render on: not part of the Look, so not kept in presets.
 */
import type { VideoFormat } from '../engine/render/videoFormats';

export type PanelOutputFormat = 'png' | VideoFormat;

export const OUTPUT_CHOICES: ReadonlyArray<{ format: PanelOutputFormat; label: string }> = [
  { format: 'png', label: 'Image sequence (PNG)' },
  { format: 'prores-422-hq', label: 'ProRes 422 HQ' },
  { format: 'prores-4444', label: 'ProRes 4444 (with alpha)' },
  { format: 'dnxhr-hqx', label: 'DNxHR HQX' },
  { format: 'h264', label: 'H.264' },
];

export interface OutputChoice {
  format: PanelOutputFormat;
  /**
   * The movie formats Apply can write now (a companion that encodes them answered); empty when
   * none answered, undefined where the host writes image sequences only (the choice is hidden).
   */
  movieFormats: readonly VideoFormat[] | undefined;
}

export const initialOutputChoice: OutputChoice = { format: 'png', movieFormats: undefined };

export type OutputAction =
  | { type: 'outputChosen'; format: PanelOutputFormat }
  | { type: 'movieFormatsKnown'; formats: readonly VideoFormat[] };

/**
 * A movie format stays chosen while no companion answers (the choice says why, and Apply refuses
 * before exporting anything): the editor may start the companion and apply again.
 */
export function outputReducer(output: OutputChoice, action: OutputAction): OutputChoice {
  switch (action.type) {
    case 'outputChosen':
      return OUTPUT_CHOICES.some((c) => c.format === action.format) ? { ...output, format: action.format } : output;
    case 'movieFormatsKnown':
      return { ...output, movieFormats: [...action.formats] };
  }
}

export function outputLabel(format: PanelOutputFormat): string {
  return OUTPUT_CHOICES.find((c) => c.format === format)?.label ?? format;
}

/** Why the chosen output cannot be written now, in words the editor can act on; undefined when it can. */
export function outputProblem(output: OutputChoice): string | undefined {
  if (output.format === 'png' || output.movieFormats?.includes(output.format)) return undefined;
  return movieNeedsCompanion(output.format);
}

/** The one sentence for a movie format without a companion that encodes it (the panel's note, the host's refusal). */
export function movieNeedsCompanion(format: VideoFormat): string {
  const name = outputLabel(format).replace(/ \(.*\)$/, '');
  return `${name} needs the Coherent Style companion: run \`coherent-style serve\` on this computer (it encodes with ffmpeg), or choose Output: Image sequence (PNG).`;
}
