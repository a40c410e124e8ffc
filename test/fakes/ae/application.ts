/** The Application (application.md): the open project, the version, and undo groups that nest and close with their task. */
import { Simulated, viewOf } from './simulated';
import { fakeAfterEffects } from './state';

class FakeApplication extends Simulated {
  readonly className = 'Application';
  readonly isBeta = true;
  get version(): string {
    return `${fakeAfterEffects.version}.0x42`;
  }
  get project(): object | null {
    return viewOf(fakeAfterEffects.project);
  }
  beginUndoGroup(label: string): boolean {
    const open = fakeAfterEffects.openGroup;
    if (open) {
      open.depth++;
      return true;
    }
    const group = { label, reverts: [], depth: 1 };
    fakeAfterEffects.openGroup = group;
    setTimeout(() => {
      if (fakeAfterEffects.openGroup !== group) return;
      fakeAfterEffects.groupsLeftOpenAcrossTasks++;
      fakeAfterEffects.openGroup = undefined;
      fakeAfterEffects.undoStack.push(group);
    }, 0);
    return true;
  }
  endUndoGroup(): boolean {
    const open = fakeAfterEffects.openGroup;
    if (!open) throw new Error('endUndoGroup: no undo group has been begun');
    if (--open.depth > 0) return true;
    fakeAfterEffects.openGroup = undefined;
    if (open.reverts.length > 0) fakeAfterEffects.undoStack.push({ label: open.label, reverts: open.reverts });
    return true;
  }
}

export const afterEffectsApp = new FakeApplication();
