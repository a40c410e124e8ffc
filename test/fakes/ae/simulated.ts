/** The plugin's view of a simulated object: documented members only (afterEffectsReference.ts), methods run on the object itself. */
import { aeMemberExists } from '../afterEffectsReference';
import { fakeAfterEffects } from './state';

const RAW = Symbol('simulated object');

export abstract class Simulated {
  private cachedView: object | undefined;
  abstract readonly className: string;
  get view(): object {
    this.cachedView ??= new Proxy(this, {
      get: (target, prop) => {
        if (prop === RAW) return target;
        if (typeof prop !== 'string' || !aeMemberExists(fakeAfterEffects.version, target.className, prop)) return undefined;
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args.map(unwrap)) : value;
      },
      has: (target, prop) => typeof prop === 'string' && aeMemberExists(fakeAfterEffects.version, target.className, prop),
      set: (target, prop, value) => typeof prop === 'string' && aeMemberExists(fakeAfterEffects.version, target.className, prop)
        && Reflect.set(target, prop, unwrap(value)),
      ownKeys: () => [],
    });
    return this.cachedView;
  }
}

function unwrap(value: unknown): unknown {
  return (value as { [RAW]?: unknown } | null)?.[RAW] ?? value;
}

export const viewOf = (item: Simulated | null | undefined) => item?.view ?? null;
