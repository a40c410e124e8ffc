/**
 * Where a job's frames live: `<project folder>/Coherent Style Renders/<clip> <date-time>/`, one new
 * folder per job, so applying twice never overwrites an earlier render that is still on the timeline.
 */
import * as path from 'path';
import { CoherentStyleError } from '../engine/errors';
import { RENDERS_FOLDER_NAME } from '../engine/render/jobFolderNames';
import { ensureFolder, exists } from './uxpFiles';

/** Raw exported frames, removed once stylized; hidden so the numbered-still import never sees them. */
export const SOURCE_SUBFOLDER = '.source';

export interface JobFolder {
  dir: string;
  sourceDir: string;
  /** File name prefix of the stylized numbered stills, e.g. "Interview_". */
  prefix: string;
}

export function safeFileStem(name: string): string {
  const stem = name.replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[^A-Za-z0-9 _-]+/g, '_').replace(/\s+/g, ' ').trim();
  return stem.slice(0, 40) || 'clip';
}

function timestamp(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}-${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`;
}

export function rendersRoot(projectPath: string): string {
  if (!projectPath) throw new CoherentStyleError('HOST', 'Save the project first: renders are stored in a folder beside the project file.');
  return path.join(path.dirname(projectPath), RENDERS_FOLDER_NAME);
}

export async function createJobFolder(projectPath: string, clipName: string, now = new Date()): Promise<JobFolder> {
  const stem = safeFileStem(clipName);
  const base = path.join(rendersRoot(projectPath), `${stem} ${timestamp(now)}`);
  let dir = base;
  for (let n = 2; await exists(dir); n++) dir = `${base}-${n}`;
  const sourceDir = path.join(dir, SOURCE_SUBFOLDER);
  await ensureFolder(sourceDir);
  return { dir, sourceDir, prefix: `${stem.replace(/ /g, '_')}_` };
}
