/**
 * Every file a user keeps is written under a temp name in its target's folder, then renamed over the
 * target. One naming rule for every host, `.<target>.<unique>.tmp`, so folder scans can recognise
 * and skip temp files whichever host left them.
 */
const TEMP_SUFFIX = '.tmp';

/** The temp name for writing `targetName`; `unique` keeps concurrent writers apart. */
export function tempFileName(targetName: string, unique: string): string {
  return `.${targetName}.${unique}${TEMP_SUFFIX}`;
}

export function isTempFileName(fileName: string): boolean {
  return fileName.startsWith('.') && fileName.endsWith(TEMP_SUFFIX);
}

/** The target a temp file was written for (`.<target>.<unique>.tmp` → `<target>`); undefined for other names. */
export function tempFileTarget(fileName: string): string | undefined {
  if (!isTempFileName(fileName)) return undefined;
  return fileName.slice(1, -TEMP_SUFFIX.length).replace(/\.[^.]+$/, '');
}
