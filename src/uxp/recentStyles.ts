/** The style images used lately, kept (by content hash) in the plugin's data folder for quick reuse. */
import * as path from 'path';
import { CoherentStyleError } from '../engine/errors';
import { sha256Hex } from '../engine/sha256';
import type { RecentStyle, StyleFile } from '../panel/panelHost';
import { uxp } from './uxpApi';
import { ensureFolder, exists, readBytes, readText, removeFile, writeFileAtomic } from './uxpFiles';

const MAX_RECENT = 8;

async function folder(): Promise<string> {
  return path.join((await uxp().storage.localFileSystem.getDataFolder()).nativePath, 'recent-styles');
}

async function readIndex(dir: string): Promise<RecentStyle[]> {
  const index = path.join(dir, 'recent.json');
  if (!(await exists(index))) return [];
  try {
    const parsed: unknown = JSON.parse(await readText(index));
    return Array.isArray(parsed)
      ? parsed.filter((r): r is RecentStyle => typeof r?.id === 'string' && /^[0-9a-f]{64}$/.test(r.id) && typeof r?.fileName === 'string')
      : [];
  } catch {
    return []; // a damaged list only loses the shortcuts, never a style image
  }
}

export async function recentStyles(): Promise<RecentStyle[]> {
  return readIndex(await folder());
}

export async function loadRecentStyle(id: string): Promise<StyleFile> {
  const dir = await folder();
  const entry = (await readIndex(dir)).find((r) => r.id === id);
  if (!entry) throw new CoherentStyleError('INPUT_UNREADABLE', 'That recent style is no longer kept; choose the image again.');
  return { fileName: entry.fileName, bytes: await readBytes(path.join(dir, `${id}.img`)) };
}

export async function rememberStyle(style: StyleFile): Promise<RecentStyle[]> {
  const dir = await folder();
  await ensureFolder(dir);
  const id = sha256Hex(style.bytes);
  const file = path.join(dir, `${id}.img`);
  if (!(await exists(file))) await writeFileAtomic(file, style.bytes);
  const previous = await readIndex(dir);
  const next = [{ id, fileName: style.fileName }, ...previous.filter((r) => r.id !== id)];
  for (const dropped of next.slice(MAX_RECENT)) await removeFile(path.join(dir, `${dropped.id}.img`));
  const kept = next.slice(0, MAX_RECENT);
  await writeFileAtomic(path.join(dir, 'recent.json'), JSON.stringify(kept, null, 2));
  return kept;
}
