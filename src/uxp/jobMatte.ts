/**
 * A job's matte in the UXP hosts: the matte the editor chose (a track or layer) exported alone,
 * one frame per frame of the item at the same times and size, into `<job>/.matte/`, before
 * anything is stylized. Its files' digests join a local render's identity; a frame's coverage is read
 * as the command line's --matte reads an image (engine/images/matte.ts: alpha when the file has
 * one, else brightness). The folder is removed when the render ends, as the sources are. On the
 * farm, the folder itself is the job's matte: its frames are numbered as the sources are.
 */
import type { CancelSignal } from '../engine/cancellation';
import * as path from 'path';
import { throwIfCancelled } from '../engine/errors';
import { decodeImage } from '../engine/images/imageCodec';
import { matteCoverage } from '../engine/images/matte';
import { styleDigest, type RenderIdentity } from '../engine/look/renderRecord';
import type { LookRegion } from '../engine/render/frameStylizer';
import { sha256Hex } from '../engine/sha256';
import type { FarmRenderRequest, MatteRequest } from '../panel/panelHost';
import { frameStem } from '../engine/render/jobFolderNames';
import { ensureFolder, readBytes, removeTree } from './uxpFiles';

/** Hidden, like the sources, so the numbered-still import never sees it. */
export const MATTE_SUBFOLDER = '.matte';

/** How a host exports the frames of the item being stylized (the same call gives the matte's, with the matte alone visible). */
export interface FrameExporter {
  /** Frames in the item, in order. */
  count: number;
  /** Exports frame `n` to `<folder>/<stem>.png`, complete, and resolves to that path. */
  exportFrame(n: number, folder: string, stem: string, signal?: CancelSignal): Promise<string>;
}

/** The host's part of a matte: runs `work` with the matte alone visible, then restores what it changed. */
export type MatteIsolation = <T>(work: () => Promise<T>) => Promise<T>;

export interface JobMatte {
  /** The matte as a farm render takes it: the frames' folder (beside the project, on the storage the farm sees) and the request's settings. */
  farm: NonNullable<FarmRenderRequest['matte']>;
  region: LookRegion;
  /** The matte's part of the render's identity (reads and hashes every matte frame: only a local render keys on it). */
  identity(): Promise<NonNullable<RenderIdentity['matte']>>;
  /** Removes the matte's frames. */
  remove(): Promise<void>;
}

/** The farm reads a frame-folder matte in frame-number order, beside sources numbered from 1 (jobFolderNames.ts). */
const matteStem = (n: number) => frameStem('matte_', n);

/** Exports every frame of the matte (alone visible) into `<jobDir>/.matte/` and describes it for the render. */
export async function exportJobMatte(
  exporter: FrameExporter, alone: MatteIsolation, request: MatteRequest, jobDir: string,
  signal: CancelSignal | undefined, onProgress: (done: number, total: number) => void,
): Promise<JobMatte> {
  const folder = path.join(jobDir, MATTE_SUBFOLDER);
  await ensureFolder(folder);
  const files: string[] = [];
  try {
    await alone(async () => {
      for (let n = 0; n < exporter.count; n++) {
        throwIfCancelled(signal);
        const file = await exporter.exportFrame(n, folder, matteStem(n), signal);
        files.push(file);
        onProgress(n + 1, exporter.count);
      }
    });
  } catch (e) {
    await removeTree(folder);
    throw e;
  }
  const { invert, outsideStyle } = request;
  return {
    farm: { path: folder, inverted: invert, ...(outsideStyle ? { outsideStyle } : {}) },
    region: {
      coverageAt: async (clipIndex, width, height) => matteCoverage(decodeImage(await readBytes(files[clipIndex])), width, height, invert),
      ...(outsideStyle ? { outsideStyle } : {}),
    },
    identity: async () => {
      const digests: string[] = [];
      for (const file of files) digests.push(sha256Hex(await readBytes(file)));
      return { frames: digests, inverted: invert, ...(outsideStyle ? { outsideStyle: styleDigest(outsideStyle) } : {}) };
    },
    remove: () => removeTree(folder),
  };
}
