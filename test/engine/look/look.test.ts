/** The Look: one schema, its bounds and defaults, the settings the stylizer takes, and its render key. */
import { CoherentStyleError } from '../../../src/engine/errors';
import type { RasterImage } from '../../../src/engine/images/image';
import { frameSettingsOf, styleSettingsOf } from '../../../src/engine/inference/stylizeService';
import {
  FRAME_CONTROLS, LOOK_CONTROLS, LOOK_DEFAULTS, lookControlsOf, lookOf, lookSettingsOf, MAX_RENDER_SHORT_SIDE, MAX_STYLE_SCALE,
  MIN_RENDER_SHORT_SIDE, MIN_STYLE_SCALE, settingsOfLook, STYLE_CONTROLS, UNKEYED_VALUES,
} from '../../../src/engine/look/look';
import { mixOfShare } from '../../../src/engine/look/mix';
import { lookIdentity, renderKey, styleDigest, styleSourceDigest } from '../../../src/engine/look/renderRecord';

const image = (value: number): RasterImage => ({ width: 2, height: 1, channels: 3, bitDepth: 8, data: new Uint8Array(6).fill(value) });
const MODELS = { styleEncoder: { sha256: 'e'.repeat(64) }, stylizer: { sha256: 'f'.repeat(64) } };

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(CoherentStyleError);
    expect((e as CoherentStyleError).code).toBe('INVALID_ARGUMENT');
    return (e as Error).message;
  }
  throw new Error('accepted');
}

test('defaults are applied once, where input becomes a Look; the render size has none', () => {
  expect(lookSettingsOf({ mode: 'artistic' })).toEqual({ mode: 'artistic', ...LOOK_DEFAULTS });
  expect(LOOK_DEFAULTS).toEqual({ strength: 1, keepColors: false, styleScale: 1, temporal: 'normal' });
  const given = { mode: 'artistic', strength: 0.3, renderShortSide: 540, keepColors: true, styleScale: 2, temporal: 'off' } as const;
  expect(lookSettingsOf(given)).toEqual(given);
  expect(lookSettingsOf({ mode: 'artistic', strength: undefined, renderShortSide: undefined })).toEqual({ mode: 'artistic', ...LOOK_DEFAULTS });
});

test.each([
  ['strength', { strength: 1.01 }],
  ['strength', { strength: -0.01 }],
  ['renderShortSide', { renderShortSide: MIN_RENDER_SHORT_SIDE - 1 }],
  ['renderShortSide', { renderShortSide: MAX_RENDER_SHORT_SIDE + 1 }],
  ['renderShortSide', { renderShortSide: 720.5 }],
  ['styleScale', { styleScale: MIN_STYLE_SCALE / 2 }],
  ['styleScale', { styleScale: MAX_STYLE_SCALE * 2 }],
  ['temporal', { temporal: 'wobbly' }],
  ['mode', { mode: '../artistic' }],
  ['grain', { grain: 1 }],
])('a look with a bad %s is refused, naming it', (field, change) => {
  expect(refusal(() => lookSettingsOf({ mode: 'artistic', ...change } as never))).toMatch(new RegExp(`look cannot be rendered: .*${field}`));
});

test('the bounds are inclusive', () => {
  for (const renderShortSide of [MIN_RENDER_SHORT_SIDE, MAX_RENDER_SHORT_SIDE]) expect(lookSettingsOf({ mode: 'a', renderShortSide }).renderShortSide).toBe(renderShortSide);
  for (const styleScale of [MIN_STYLE_SCALE, MAX_STYLE_SCALE]) expect(lookSettingsOf({ mode: 'a', styleScale }).styleScale).toBe(styleScale);
  for (const strength of [0, 1]) expect(lookSettingsOf({ mode: 'a', strength }).strength).toBe(strength);
});

test('a Look holds its style as the engine\'s one shape of a mix, weights summing to 1', () => {
  const one = lookOf({ mode: 'artistic', style: image(1) });
  expect(one.styles).toEqual([{ image: image(1), weight: 1 }]);
  const two = lookOf({ mode: 'artistic', style: [{ image: image(1), weight: 3 }, { image: image(2), weight: 1 }] });
  expect(two.styles.map((s) => s.weight)).toEqual([0.75, 0.25]);
  expect(settingsOfLook(two)).toEqual({ mode: 'artistic', ...LOOK_DEFAULTS });
  expect(refusal(() => lookOf({ mode: 'artistic', style: [{ image: image(1), weight: 0 }] }))).toMatch(/at least one style weight must be above 0/i);
  expect(refusal(() => lookOf({ mode: 'artistic', style: Array(5).fill({ image: image(1), weight: 1 }) }))).toMatch(/one to 4 style images, got 5/);
});

test('the two-style form with a share (panel, presets) translates into a mix', () => {
  expect(mixOfShare('a', undefined)).toEqual([{ style: 'a', weight: 1 }]);
  expect(mixOfShare('a', { style: 'b', share: 0.25 })).toEqual([{ style: 'a', weight: 0.75 }, { style: 'b', weight: 0.25 }]);
});

test('setStyle takes the style controls of a look, stylize the others', () => {
  expect([...STYLE_CONTROLS, ...FRAME_CONTROLS].sort()).toEqual([...LOOK_CONTROLS].sort());
  const look = lookSettingsOf({ mode: 'artistic', strength: 0.5, renderShortSide: 540, keepColors: true, styleScale: 2, temporal: 'strong' });
  expect(styleSettingsOf(look)).toEqual({ mode: 'artistic', styleScale: 2 });
  expect(frameSettingsOf(look)).toEqual({ strength: 0.5, renderShortSide: 540, keepColors: true, temporal: 'strong' });
  // Only controls: whatever else an object carries (a farm job's models and styles) stays out.
  expect(frameSettingsOf({ ...look, renderShortSide: undefined, modelSha256: 'x' } as never)).toEqual({ strength: 0.5, keepColors: true, temporal: 'strong' });
  expect(lookControlsOf({ strength: 0.2, job: 'j', image: image(1) })).toEqual({ strength: 0.2 });
});

test('a render key from a Look is the key renders had before the Look: earlier renders are still reused', () => {
  const style = [{ image: image(1), weight: 0.7 }, { image: image(2), weight: 0.3 }];
  const look = lookOf({ mode: 'artistic', strength: 0.6, keepColors: true, styleScale: 1.5, temporal: 'off', renderShortSide: 540, style });
  const source = { width: 64, height: 36, sourceFrames: ['a'.repeat(64)] };
  // The identity as the panel wrote it field by field before the Look owned it.
  const before = {
    mode: 'artistic', models: { styleEncoder: 'e'.repeat(64), stylizer: 'f'.repeat(64) }, style: styleSourceDigest(style),
    strength: 0.6, keepColors: true, styleScale: 1.5, temporal: 'off' as const, ...source,
  };
  expect(renderKey({ ...lookIdentity(look, MODELS), ...source })).toBe(renderKey(before));
  // One style keys by its own digest, as a single image always did.
  expect(lookIdentity(lookOf({ mode: 'artistic', style: image(3) }), MODELS).style).toBe(styleDigest(image(3)));
  expect(renderKey({ ...lookIdentity({ ...look, strength: 0.7 }, MODELS), ...source })).not.toBe(renderKey(before));
  // A control at the value renders had before it existed keys as its absence: unsteadied renders keep their keys.
  expect(UNKEYED_VALUES).toEqual({ temporal: 'off' });
  const { temporal: _temporal, ...unsteadied } = before;
  expect(renderKey(unsteadied as typeof before)).toBe(renderKey(before));
  expect(renderKey({ ...before, temporal: 'normal' })).not.toBe(renderKey(before));
});
