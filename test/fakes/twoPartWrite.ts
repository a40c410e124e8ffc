/**
 * How both simulated hosts write an exported frame: the first half at once, the rest `tailMs`
 * later, the file locked against renames (fakeFileLocks, Windows' sharing violation) until then.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fakeFileLocks } from './uxp';

/** `written` runs once the second part has landed (or its folder is gone), before the lock is released. */
export function writeInTwoParts(file: string, bytes: Uint8Array, tailMs: number, written?: () => void): void {
  const half = Math.floor(bytes.length / 2);
  fs.writeFileSync(file, bytes.subarray(0, half));
  fakeFileLocks.add(file);
  setTimeout(() => {
    try {
      if (fs.existsSync(path.dirname(file))) fs.appendFileSync(file, bytes.subarray(half));
      written?.();
    } finally {
      fakeFileLocks.delete(file);
    }
  }, tailMs);
}
