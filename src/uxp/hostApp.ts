/**
 * Which Adobe application the shared UXP code runs in, for the words it shows the editor: UXP's
 * host module names it ("premierepro"; After Effects plugins report "aftereffects", the id the
 * After Effects manifest declares). Anything else is named as UXP names it.
 */
import { uxp } from './uxpApi';

export interface HostApp {
  /** The application's name as editors know it. */
  label: string;
  /** The checklist that says how to verify what the reference leaves open, and where the companion's loopback check is. */
  checklist: string;
  /** Which checklist line covers a companion connection that never opens. */
  companionCheck: string;
}

const KNOWN: Record<string, HostApp> = {
  premierepro: { label: 'Premiere Pro', checklist: 'docs/premiere-checklist.md', companionCheck: 'C6' },
  aftereffects: { label: 'After Effects', checklist: 'docs/after-effects-checklist.md', companionCheck: 'E6' },
};

export function hostApp(): HostApp {
  const name = uxp().host.name;
  return KNOWN[name] ?? { label: name, checklist: 'README.md', companionCheck: 'Diagnostics' };
}
