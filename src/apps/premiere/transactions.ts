/** Project edits go through one undoable transaction, taken under the project's locked access. */
import type { CompoundAction, PProject } from './pproApi';

export function lockedTransaction(project: PProject, undoLabel: string, build: (compound: CompoundAction) => void): boolean {
  let ok = false;
  project.lockedAccess(() => {
    ok = project.executeTransaction(build, undoLabel);
  });
  return ok;
}
