/**
 * Exporter.exportSequenceFrame (exporter.md): writes the Program Monitor's PNG in two parts, the
 * promise resolving between them, the file locked against renames until the second lands.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TickTime } from '@adobe/premierepro';
import type { PSequence } from '../../../src/apps/premiere/pproApi';
import { writeInTwoParts } from '../twoPartWrite';
import type { FakeSequence } from './sequence';
import { fakePremiere } from './state';
import { ticksOf } from './time';

export async function exportSequenceFrame(sequence: PSequence, time: TickTime, filename: string, filepath: string, width: number, height: number): Promise<boolean> {
  fakePremiere.onExportFrame?.(++fakePremiere.exportCalls);
  if (!fs.existsSync(filepath)) return false;
  const written = fakePremiere.doublesExtension ? `${filename}.png` : filename;
  writeInTwoParts(path.join(filepath, written), (sequence as FakeSequence).renderFrame(ticksOf(time), width, height), fakePremiere.exportTailMs);
  return true;
}
