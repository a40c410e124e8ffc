import { resizePlanar, sizeForShortSide } from '../../../src/engine/images/resize';
import { planarFrom, planeRows } from './planarFixtures';

function expectRowsClose(actual: number[][], expected: number[][]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, y) => row.forEach((v, x) => expect(v).toBeCloseTo(expected[y][x], 5)));
}

describe('resizePlanar', () => {
  // Values from OpenCV: cv2.resize(a, (2, 2), interpolation=cv2.INTER_AREA) with a = (arange(15).reshape(3, 5) ** 1.5 / 10).
  it('averages exact areas when shrinking by a non-integer factor (OpenCV INTER_AREA)', () => {
    const p = planarFrom(5, 3, (c, x, y) => Math.fround((y * 5 + x) ** 1.5 / 10) + c);
    const out = resizePlanar(p, 2, 2);
    expectRowsClose(planeRows(out, 0), [
      [0.5328778028488159, 1.1747771501541138],
      [2.8389058113098145, 3.986233711242676],
    ]);
    expectRowsClose(planeRows(out, 2), [
      [2.5328778028488159, 3.1747771501541138],
      [4.8389058113098145, 5.986233711242676],
    ]);
  });

  // cv2.resize([[0, 1], [2, 4]], (5, 3), interpolation=cv2.INTER_LINEAR)
  it('interpolates bilinearly with half-pixel centres when enlarging (OpenCV INTER_LINEAR)', () => {
    const values = [
      [0, 1],
      [2, 4],
    ];
    const out = resizePlanar(planarFrom(2, 2, (_c, x, y) => values[y][x]), 5, 3);
    expectRowsClose(planeRows(out, 1), [
      [0.0, 0.1, 0.5, 0.9, 1.0],
      [1.0, 1.15, 1.75, 2.35, 2.5],
      [2.0, 2.2, 3.0, 3.8, 4.0],
    ]);
  });

  it('averages whole blocks for integer factors', () => {
    const p = planarFrom(4, 2, (_c, x, y) => y * 4 + x);
    expect(planeRows(resizePlanar(p, 2, 1), 0)).toEqual([[2.5, 4.5]]);
    expect(planeRows(resizePlanar(p, 1, 1), 0)).toEqual([[3.5]]);
  });

  it('keeps a constant image constant at any size', () => {
    const p = planarFrom(37, 23, (c) => 0.25 * (c + 1));
    for (const [w, h] of [
      [5, 3],
      [100, 61],
      [1, 1],
      [37, 80],
      [12, 23],
    ]) {
      const out = resizePlanar(p, w, h);
      expect(out.width).toBe(w);
      expect(out.height).toBe(h);
      const deviation = (c: number): number => Math.max(...planeRows(out, c).flat().map((v) => Math.abs(v - 0.25 * (c + 1))));
      expect(Math.max(deviation(0), deviation(1), deviation(2))).toBeLessThan(1e-6);
    }
  });

  it('treats each axis on its own (shrink one, enlarge the other) in either pass order', () => {
    const p = planarFrom(9, 4, (c, x, y) => Math.sin(x * 0.9 + y * 1.7 + c));
    for (const [w, h] of [
      [4, 11],
      [20, 3],
    ]) {
      const direct = resizePlanar(p, w, h);
      const byAxis = resizePlanar(resizePlanar(p, w, p.height), w, h);
      const byOtherAxis = resizePlanar(resizePlanar(p, p.width, h), w, h);
      direct.data.forEach((v, i) => {
        expect(v).toBeCloseTo(byAxis.data[i], 5);
        expect(v).toBeCloseTo(byOtherAxis.data[i], 5);
      });
    }
  });

  it('copies when the size does not change', () => {
    const p = planarFrom(3, 2, (c, x) => c + x);
    const out = resizePlanar(p, 3, 2);
    expect(out.data).toEqual(p.data);
    expect(out.data).not.toBe(p.data);
  });

  it('refuses empty or fractional sizes', () => {
    const p = planarFrom(3, 2, () => 0);
    expect(() => resizePlanar(p, 0, 2)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => resizePlanar(p, 2, 1.5)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('sizeForShortSide', () => {
  it('scales the short side to the request and rounds the long side', () => {
    expect(sizeForShortSide(3840, 2160, 720)).toEqual({ width: 1280, height: 720 });
    expect(sizeForShortSide(1080, 1920, 512)).toEqual({ width: 512, height: 910 }); // 910.22
    expect(sizeForShortSide(1000, 999, 500)).toEqual({ width: 501, height: 500 }); // 500.5 rounds up
    expect(sizeForShortSide(10000, 20, 1)).toEqual({ width: 500, height: 1 });
  });

  it('never upscales', () => {
    expect(sizeForShortSide(640, 360, 720)).toEqual({ width: 640, height: 360 });
    expect(sizeForShortSide(1280, 720, 720)).toEqual({ width: 1280, height: 720 });
  });

  it('refuses a short side that is not a positive whole number', () => {
    expect(() => sizeForShortSide(100, 100, 0)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
