/** A project's Properties (properties.md): values set by an action, persistent ones kept across a reopen. */
import type { Action } from '@adobe/premierepro';
import type { PProperties } from '../../../src/apps/premiere/pproApi';
import { action } from './actions';
import { PROPERTY_PERSISTENT } from './constants';
import type { FakeProject } from './project';
import { versioned } from './state';

export class FakeProperties implements PProperties {
  constructor(private readonly project: FakeProject) {
    return versioned(this, 'Properties');
  }
  getValue(name: string): string {
    return this.project.properties.get(name)?.value ?? '';
  }
  hasValue(name: string): boolean {
    return this.project.properties.has(name);
  }
  createSetValueAction(name: string, value: string | number | boolean, persistenceFlag: number): Action {
    return action('setProperty', () => {
      this.project.properties.set(name, { value: String(value), persistent: persistenceFlag === PROPERTY_PERSISTENT });
    });
  }
}
