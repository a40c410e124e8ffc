import { cropPlanar, reflectIndex, reflectPadToMultiple } from '../../../src/engine/images/padding';
import { CoherentStyleError } from '../../../src/engine/errors';
import { planarFrom, planeRows } from './planarFixtures';

describe('reflectIndex', () => {
  it('mirrors without repeating the edge, periodically (numpy reflect)', () => {
    // np.pad(np.arange(3), (0, 5), 'reflect') → 0 1 2 1 0 1 2 1
    expect([...Array(8).keys()].map((i) => reflectIndex(i, 3))).toEqual([0, 1, 2, 1, 0, 1, 2, 1]);
    // np.pad(np.arange(2), (0, 6), 'reflect') → 0 1 0 1 0 1 0 1
    expect([...Array(8).keys()].map((i) => reflectIndex(i, 2))).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
    // np.pad(np.arange(4), (0, 12), 'reflect')
    expect([...Array(16).keys()].map((i) => reflectIndex(i, 4))).toEqual([0, 1, 2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1, 2, 3]);
    expect([0, 1, 5, 100].map((i) => reflectIndex(i, 1))).toEqual([0, 0, 0, 0]);
    expect(reflectIndex(-1, 3)).toBe(1);
  });
});

describe('reflectPadToMultiple', () => {
  it('pads right and bottom with the hand-computed reflection', () => {
    const p = planarFrom(3, 2, (c, x, y) => c * 100 + y * 30 + x * 10);
    const { padded, crop } = reflectPadToMultiple(p, 4);
    expect(padded.width).toBe(4);
    expect(padded.height).toBe(4);
    expect(crop).toEqual({ x: 0, y: 0, width: 3, height: 2 });
    // np.pad(a, ((0, 2), (0, 1)), 'reflect') for a = [[0,10,20],[30,40,50]]
    expect(planeRows(padded, 0)).toEqual([
      [0, 10, 20, 10],
      [30, 40, 50, 40],
      [0, 10, 20, 10],
      [30, 40, 50, 40],
    ]);
    expect(planeRows(padded, 2)[3]).toEqual([230, 240, 250, 240]);
  });

  it('handles 1×1 and 1×N images and pads larger than the image', () => {
    const one = reflectPadToMultiple(planarFrom(1, 1, (c) => c + 0.5), 8);
    expect(one.padded.width).toBe(8);
    expect(one.padded.height).toBe(8);
    expect(planeRows(one.padded, 1).flat().every((v) => v === 1.5)).toBe(true);

    const row = reflectPadToMultiple(planarFrom(3, 1, (_c, x) => x), 16);
    expect(row.padded.width).toBe(16);
    expect(row.padded.height).toBe(16);
    expect(planeRows(row.padded, 0)[0]).toEqual([0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1]);
    expect(planeRows(row.padded, 0)[15]).toEqual(planeRows(row.padded, 0)[0]);

    const column = reflectPadToMultiple(planarFrom(1, 2, (_c, _x, y) => y), 8);
    expect(planeRows(column.padded, 0).map((r) => r[0])).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
  });

  it.each([
    [1, 1, 16],
    [7, 5, 8],
    [33, 17, 16],
    [2, 40, 32],
    [64, 32, 32],
  ])('%i×%i padded to a multiple of %i crops back to the exact input', (w, h, m) => {
    const p = planarFrom(w, h, (c, x, y) => Math.sin(c + x * 0.7 + y * 1.3));
    const { padded, crop } = reflectPadToMultiple(p, m);
    expect(padded.width % m).toBe(0);
    expect(padded.height % m).toBe(0);
    expect(padded.width - w).toBeLessThan(m);
    expect(padded.height - h).toBeLessThan(m);
    const back = cropPlanar(padded, crop);
    expect(back.width).toBe(w);
    expect(back.height).toBe(h);
    expect(back.data).toEqual(p.data);
  });

  it('returns the input when it is already a multiple', () => {
    const p = planarFrom(8, 4, () => 0.25);
    expect(reflectPadToMultiple(p, 4).padded).toBe(p);
  });

  it('refuses a multiple that is not a positive whole number', () => {
    const p = planarFrom(2, 2, () => 0);
    for (const m of [0, -4, 2.5, NaN]) {
      expect(() => reflectPadToMultiple(p, m)).toThrow(CoherentStyleError);
    }
  });
});

describe('cropPlanar', () => {
  it('copies an inner rectangle of every channel', () => {
    const p = planarFrom(4, 3, (c, x, y) => c * 100 + y * 10 + x);
    const out = cropPlanar(p, { x: 1, y: 1, width: 2, height: 2 });
    expect(planeRows(out, 0)).toEqual([
      [11, 12],
      [21, 22],
    ]);
    expect(planeRows(out, 2)).toEqual([
      [211, 212],
      [221, 222],
    ]);
  });

  it('refuses rectangles outside the image', () => {
    const p = planarFrom(4, 3, () => 0);
    for (const rect of [
      { x: 3, y: 0, width: 2, height: 1 },
      { x: 0, y: 0, width: 0, height: 1 },
      { x: -1, y: 0, width: 1, height: 1 },
      { x: 0, y: 0, width: 1.5, height: 1 },
    ]) {
      expect(() => cropPlanar(p, rect)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
  });
});
