/** A style resized before it is sent matches what the engine's own resize makes of it, one channel at a time. */
import { downscaleStyle } from '../../../src/engine/images/styleDownscale';
import { fromPlanarRgb, toPlanarRgb } from '../../../src/engine/images/planar';
import { resizePlanar } from '../../../src/engine/images/resize';
import { syntheticImage } from '../../support/syntheticImages';

test.each([
  ['8-bit RGB', syntheticImage(300, 200, { seed: 1 })],
  ['8-bit RGBA (alpha dropped)', syntheticImage(200, 300, { seed: 2, channels: 4 })],
  ['16-bit RGB', syntheticImage(301, 199, { seed: 3, bitDepth: 16 })],
])('%s: the same samples as the engine\'s planar resize', (_name, image) => {
  const out = downscaleStyle(image, 64);
  const short = Math.min(image.width, image.height);
  const width = Math.round((image.width * 64) / short);
  const height = Math.round((image.height * 64) / short);
  expect([out.width, out.height, out.channels, out.bitDepth]).toEqual([width, height, 3, image.bitDepth]);
  const engine = fromPlanarRgb(resizePlanar(toPlanarRgb(image), out.width, out.height), { bitDepth: image.bitDepth });
  expect(Array.from(out.data)).toEqual(Array.from(engine.data));
});

test('a gray style stays gray; one no larger than the short side is sent as it is', () => {
  const gray = syntheticImage(128, 96, { seed: 4, channels: 1 });
  const out = downscaleStyle(gray, 48);
  expect([out.width, out.height, out.channels]).toEqual([64, 48, 1]);
  const engine = fromPlanarRgb(resizePlanar(toPlanarRgb(gray), 64, 48), { bitDepth: 8 });
  expect(Array.from(out.data)).toEqual(Array.from(engine.data).filter((_, i) => i % 3 === 0));
  expect(downscaleStyle(gray, 96)).toBe(gray);
});
