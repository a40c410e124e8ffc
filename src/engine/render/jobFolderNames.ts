/**
 * How the panel names a job's files, shared with the companion that encodes them
 * (encodeFrames): every job folder lies in a "Coherent Style Renders" folder (the only place the
 * companion writes a movie), and its stylized frames are numbered stills `<prefix>000001.png` on.
 */
export const RENDERS_FOLDER_NAME = 'Coherent Style Renders';

/** Numbered still names start at 1 with six digits, which Premiere's numbered-still import recognises. */
export function frameFileName(prefix: string, index: number): string {
  return `${frameStem(prefix, index)}.png`;
}

/** frameFileName without its extension (what the frame exporter is given). */
export function frameStem(prefix: string, index: number): string {
  return `${prefix}${String(frameNumber(index)).padStart(6, '0')}`;
}

/** The number in the name of the clip's frame at `index` (0-based). */
export function frameNumber(index: number): number {
  return index + 1;
}

/** The prefix of a job's first frame's file name (what frameFileName(prefix, 0) was given). */
export function prefixOfFirstFrame(fileName: string): string {
  return fileName.replace(/000001\.png$/, '');
}
