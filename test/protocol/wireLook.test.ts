/** The Look on the wire: the protocol's translations, and messages of earlier releases still read the same. */
import type { RasterImage } from '../../src/engine/images/image';
import { lookOf, lookSettingsOf } from '../../src/engine/look/look';
import { headerSchemas } from '../../src/protocol/messages';
import { frameSettingsOfWire, lookOfWire, wireFieldsOf } from '../../src/protocol/wireLook';

const style: RasterImage = { width: 2, height: 1, channels: 3, bitDepth: 8, data: new Uint8Array(6) };
const imageHeader = { width: 2, height: 1, channels: 3, bitDepth: 8 };

test('a look goes out and comes back the same; steadiness off travels as its absence', () => {
  const look = lookOf({ mode: 'artistic', strength: 0.4, renderShortSide: 540, keepColors: true, styleScale: 2, temporal: 'off', style });
  const { styles, ...settings } = look;
  const fields = wireFieldsOf(settings);
  expect('temporal' in fields).toBe(false);
  expect(lookOfWire(fields, style)).toEqual(look);
  const steady = { ...settings, temporal: 'strong' as const };
  expect(lookOfWire(wireFieldsOf(steady), styles)).toEqual({ ...steady, styles });
});

test('a farmRender of an earlier release (only mode and strength) is the look it meant: unsteadied, the Look\'s defaults otherwise', () => {
  const header = { v: 4, type: 'farmRender', id: 1, job: 'j', input: '/a', output: '/b', mode: 'artistic', strength: 0.5, image: imageHeader };
  const parsed = headerSchemas.farmRender.parse(header);
  expect(lookOfWire(parsed, style)).toEqual({ ...lookSettingsOf({ mode: 'artistic', strength: 0.5 }), temporal: 'off', styles: [{ image: style, weight: 1 }] });
});

test('the wire checks the Look\'s own bounds', () => {
  const frame = { v: 4, type: 'stylize', id: 1, job: 'j', frame: 0, strength: 1, image: imageHeader };
  expect(headerSchemas.stylize.safeParse({ ...frame, renderShortSide: 8192 }).success).toBe(true);
  expect(headerSchemas.stylize.safeParse({ ...frame, renderShortSide: 8193 }).success).toBe(false);
  expect(headerSchemas.stylize.safeParse({ ...frame, renderShortSide: 15 }).success).toBe(false);
  expect(headerSchemas.stylize.safeParse({ ...frame, strength: 1.5 }).success).toBe(false);
  expect(headerSchemas.stylize.safeParse({ ...frame, styleScale: 2 }).success).toBe(false); // a style control: setStyle's
  expect(headerSchemas.setStyle.safeParse({ v: 4, type: 'setStyle', id: 1, job: 'j', mode: 'artistic', styleScale: 5, image: imageHeader }).success).toBe(false);
});

test('a stylize message becomes the service\'s frame settings, clipFrame its position in the clip', () => {
  const message = headerSchemas.stylize.parse({ v: 4, type: 'stylize', id: 1, job: 'j', frame: 3, strength: 0.5, keepColors: false, temporal: 'normal', clipFrame: 7, image: imageHeader });
  expect(frameSettingsOfWire(message)).toEqual({ strength: 0.5, keepColors: false, temporal: 'normal', frameIndex: 7 });
  expect(frameSettingsOfWire({ strength: 1 })).toEqual({ strength: 1 });
});

test('a farmRender carries keyframes (version 5) as the engine checks them: frames in order, weights within bounds', () => {
  const header = { v: 5, type: 'farmRender', id: 1, job: 'j', input: '/a', output: '/b', mode: 'artistic', strength: 1, image: imageHeader };
  const keyframes = { ease: 'ease-in-out', keyframes: [{ frame: 1, strength: 0, weights: [1, 0] }, { frame: 6, strength: 1, weights: [0.3, 0.7] }] };
  expect(headerSchemas.farmRender.parse({ ...header, keyframes }).keyframes).toEqual(keyframes);
  const backwards = { ...keyframes, keyframes: [...keyframes.keyframes].reverse() };
  expect(headerSchemas.farmRender.safeParse({ ...header, keyframes: backwards }).success).toBe(false);
  expect(headerSchemas.farmRender.safeParse({ ...header, keyframes: { ...keyframes, ease: 'bounce' } }).success).toBe(false);
});
