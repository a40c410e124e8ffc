/**
 * Finding and recording reusable renders in the project's renders folder (see
 * src/engine/look/renderRecord.ts for what a record holds and why).
 */
import * as path from 'path';
import {
  changedRecordedFiles, parseRenderRecord, RENDER_RECORD_FILE, serializeRenderRecord, type RenderRecord,
} from '../engine/look/renderRecord';
import { sha256Hex } from '../engine/sha256';
import { rendersRoot } from './renderFolder';
import { exists, listNames, readBytes, readText, writeFileAtomic } from './uxpFiles';

export interface ReusableRender {
  dir: string;
  /** The first frame's file, which the numbered-still import starts from. */
  firstFrame: string;
  frameCount: number;
}

/** Every frame the record lists is there with the bytes it had when the render finished. */
async function framesIntact(dir: string, record: RenderRecord): Promise<boolean> {
  const changed = await changedRecordedFiles(record, async (file) => {
    const bytes = await readBytes(path.join(dir, file)).catch(() => undefined);
    return bytes && sha256Hex(bytes);
  });
  return changed.length === 0;
}

/** The records of the renders under the project's renders folder (folders without a valid one are skipped). */
async function* renderRecords(projectPath: string): AsyncGenerator<{ dir: string; record: RenderRecord }> {
  const root = rendersRoot(projectPath);
  if (!(await exists(root))) return;
  for (const name of (await listNames(root)).sort()) {
    const dir = path.join(root, name);
    const text = await readText(path.join(dir, RENDER_RECORD_FILE)).catch(() => undefined);
    const record = text === undefined ? undefined : parseRenderRecord(text);
    if (record) yield { dir, record };
  }
}

/** An earlier, complete and intact render with this key under the project's renders folder, if any. */
export async function findReusableRender(projectPath: string, key: string): Promise<ReusableRender | undefined> {
  for await (const { dir, record } of renderRecords(projectPath)) {
    if (record.key === key && await framesIntact(dir, record)) {
      return { dir, firstFrame: path.join(dir, record.frames[0].file), frameCount: record.frames.length };
    }
  }
  return undefined;
}

/** Whether any earlier render was made with these settings (its source frames may still differ). */
export async function hasRenderWithSettings(projectPath: string, settingsKey: string): Promise<boolean> {
  for await (const { record } of renderRecords(projectPath)) {
    if (record.settingsKey === settingsKey) return true;
  }
  return false;
}

/** Written last, once every frame is on disk, so a folder without it (or with a damaged one) is never reused. */
export async function recordRender(dir: string, record: RenderRecord): Promise<void> {
  await writeFileAtomic(path.join(dir, RENDER_RECORD_FILE), serializeRenderRecord(record));
}
