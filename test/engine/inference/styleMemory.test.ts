/**
 * @jest-environment ./test/support/ortNodeEnvironment.js
 *
 * What a stylizer keeps of each open job's style: only what its encoder will use (downscaled to
 * the largest short side it encodes at, never a full-resolution float copy), and all jobs together
 * within one budget, so clients opening many jobs with huge styles cannot grow the server for good.
 */
import { MAX_STYLE_SHORT_SIDE } from '../../../src/engine/inference/stylizeService';
import { fixtureStylizer } from '../../support/fixtureModels';
import { syntheticImage } from '../../support/syntheticImages';

const HUGE_STYLE = syntheticImage(3000, 2100, { seed: 5 });
const FLOAT_RGB = 3 * 4;

test('a style is kept at the size it is encoded at, not at full resolution', async () => {
  const service = await fixtureStylizer();
  try {
    await service.setStyle('fixed', HUGE_STYLE, { mode: 'artistic' }); // the default 512 px short side
    expect(service.heldStyleBytes).toBe(731 * 512 * FLOAT_RGB);
    await service.setStyle('scaled', HUGE_STYLE, { mode: 'artistic', styleScale: 4 });
    expect(service.heldStyleBytes).toBe(731 * 512 * FLOAT_RGB + 2926 * MAX_STYLE_SHORT_SIDE * FLOAT_RGB);
    await service.endJob('scaled');
    await service.endJob('fixed');
    expect(service.heldStyleBytes).toBe(0);
  } finally {
    await service.dispose();
  }
});

test('the styles of all open jobs stay within the budget; an ended job frees its share', async () => {
  const oneStyle = 731 * 512 * FLOAT_RGB;
  const service = await fixtureStylizer({ maxHeldStyleBytes: Math.round(oneStyle * 1.5) });
  try {
    await service.setStyle('first', HUGE_STYLE, { mode: 'artistic' });
    await expect(service.setStyle('second', HUGE_STYLE, { mode: 'artistic' })).rejects.toMatchObject({
      code: 'IMAGE_TOO_LARGE', message: expect.stringMatching(/open jobs already hold 5 MiB of styles \(at most 7 MiB here\)/),
    });
    // The refused job holds nothing; the first still renders.
    expect(service.heldStyleBytes).toBe(oneStyle);
    expect((await service.stylize('first', syntheticImage(64, 48), { strength: 1 })).width).toBe(64);
    await service.endJob('first');
    await service.setStyle('second', HUGE_STYLE, { mode: 'artistic' });
    expect(service.heldStyleBytes).toBe(oneStyle);
  } finally {
    await service.dispose();
  }
});
