/** Action and CompoundAction: edits created by create*Action and run by project.executeTransaction. */
import type { Action, CompoundAction } from '@adobe/premierepro';
import { ACTIONS_NEED_LOCK_SINCE, versionAtLeast } from '../pproReference';
import { fakePremiere } from './state';

/** Since 26.3 an action may only be created inside lockedAccess (the 26.3 changelog). */
function requireLockForAction(method: string): void {
  if (versionAtLeast(fakePremiere.version, ACTIONS_NEED_LOCK_SINCE) && fakePremiere.lockDepth === 0) {
    throw new Error(`${method}: actions must be created inside project.lockedAccess()`);
  }
}

class FakeAction {
  constructor(readonly kind: string, readonly run: () => void) {}
}

/** An action that runs `run` when its transaction executes; created only where the version allows it. */
export function action(kind: string, run: () => void): Action {
  requireLockForAction(kind);
  return new FakeAction(kind, run);
}

export class FakeCompoundAction implements CompoundAction {
  readonly actions: FakeAction[] = [];
  addAction(a: Action): boolean {
    if (!(a instanceof FakeAction)) throw new Error('Not an action of this project');
    this.actions.push(a);
    return true;
  }
  get empty(): boolean {
    return this.actions.length === 0;
  }
}

export interface RecordedTransaction {
  label: string | undefined;
  actions: string[];
  insideLockedAccess: boolean;
}
