/** Undo history: every change records how to revert it, into the open undo group or as a step of its own. */
import { fakeAfterEffects } from './state';

/** Records how to revert a change: into the open undo group, or as an undo step of its own. */
export function recordChange(label: string, revert: () => void): void {
  if (fakeAfterEffects.openGroup) fakeAfterEffects.openGroup.reverts.push(revert);
  else fakeAfterEffects.undoStack.push({ label, reverts: [revert] });
}

/** Edit › Undo: reverts the last step; answers its label. */
export function undo(): string | undefined {
  const step = fakeAfterEffects.undoStack.pop();
  step?.reverts.slice().reverse().forEach((revert) => revert());
  return step?.label;
}

export function changeField<T extends object, K extends keyof T>(target: T, key: K, value: T[K], label: string): void {
  const before = target[key];
  if (before === value) return;
  target[key] = value;
  recordChange(label, () => { target[key] = before; });
}
