/**
 * Every file a user keeps is written under a temp name in its target's folder, then renamed over the
 * target. One naming rule for every host, `.<target>.<12 hex digits>.tmp`, owned here: the name
 * maker and the predicate that recognises the name, so folder scans skip (and sweeps delete) only
 * temp files that one of our hosts left, never a user's own `.something.tmp`.
 */
const TEMP_NAME = /^\.(.+)\.[0-9a-f]{12}\.tmp$/;

/**
 * 48 random bits keep concurrent writers of one target apart (render farm shards share folders).
 * Math.random is enough: the name only has to differ, not be secret, and temp files are created
 * exclusively, so a collision fails the write instead of mixing two. UXP has it, like Node.
 */
function uniqueTag(): string {
  return Math.floor(Math.random() * 2 ** 48).toString(16).padStart(12, '0');
}

/** A fresh temp name for writing `targetName` (a file name, not a path). */
export function tempFileName(targetName: string): string {
  return `.${targetName}.${uniqueTag()}.tmp`;
}

/** The target a temp file was written for (`.<target>.<unique>.tmp` → `<target>`); undefined for other names. */
export function tempFileTarget(fileName: string): string | undefined {
  return TEMP_NAME.exec(fileName)?.[1];
}

export function isTempFileName(fileName: string): boolean {
  return tempFileTarget(fileName) !== undefined;
}
