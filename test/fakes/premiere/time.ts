/** TickTime and FrameRate (ticktime.md, framerate.md), and the tick arithmetic of frame durations. */
import type { FrameRate, TickTime } from '@adobe/premierepro';
import { versioned } from './state';

export const TICKS_PER_SECOND = 254016000000n;

class FakeTickTime implements Omit<Pick<TickTime, keyof TickTime>, 'add' | 'subtract' | 'multiply' | 'divide' | 'alignToFrame' | 'alignToNearestFrame'> {
  constructor(readonly value: bigint) {}
  get ticks(): string {
    return this.value.toString();
  }
  get ticksNumber(): number {
    return Number(this.value);
  }
  get seconds(): number {
    return Number(this.value) / Number(TICKS_PER_SECOND);
  }
  equals(other: TickTime): boolean {
    return BigInt(other.ticks) === this.value;
  }
  add(other: TickTime): TickTime {
    return tick(this.value + BigInt(other.ticks));
  }
  subtract(other: TickTime): TickTime {
    return tick(this.value - BigInt(other.ticks));
  }
  multiply(factor: number): TickTime {
    return tick(BigInt(Math.round(Number(this.value) * factor)));
  }
  divide(divisor: number): TickTime {
    return tick(BigInt(Math.round(Number(this.value) / divisor)));
  }
  alignToFrame(rate: FrameRate): TickTime {
    const tpf = BigInt(rate.ticksPerFrame);
    return tick((this.value / tpf) * tpf);
  }
  alignToNearestFrame(rate: FrameRate): TickTime {
    const tpf = BigInt(rate.ticksPerFrame);
    return tick(((this.value + tpf / 2n) / tpf) * tpf);
  }
}

/** TickTime's declaration also carries constructor signatures no instance can have; the members are checked above. */
export function tick(value: bigint): TickTime {
  return versioned(new FakeTickTime(value), 'TickTime') as unknown as TickTime;
}

export const seconds = (s: number): TickTime => tick(BigInt(Math.round(s * Number(TICKS_PER_SECOND))));
export const ticksOf = (t: TickTime): bigint => BigInt(t.ticks);

/** NTSC rates (23.976, 29.97, 47.952, 59.94, 119.88) as written in Premiere's sequence settings, and their integer base rate. */
function ntscBaseRate(fps: number): bigint | undefined {
  const base = Math.round(fps * 1.001);
  return Number.isInteger(fps) || Math.abs(fps - base / 1.001) > 0.0005 ? undefined : BigInt(base);
}

/** A sequence's (or a still's default) frame duration: NTSC rates are exact, 254016000000 × 1001 / (base × 1000). */
export function ticksPerFrame(fps: number): bigint {
  const ntsc = ntscBaseRate(fps);
  if (ntsc !== undefined) return (TICKS_PER_SECOND * 1001n) / (ntsc * 1000n);
  return literalTicksPerFrame(fps);
}

/**
 * The frame duration an override frame rate gives: the reference documents only "overriddenFrameRateValue:
 * number", so the simulator takes the value literally (29.97 is not snapped to NTSC's exact duration).
 */
export function literalTicksPerFrame(fps: number): bigint {
  return BigInt(Math.round(Number(TICKS_PER_SECOND) / fps));
}

export function frameRate(fps: number): FrameRate {
  const rate: Pick<FrameRate, 'ticksPerFrame' | 'value' | 'equals'> = {
    ticksPerFrame: Number(ticksPerFrame(fps)),
    value: fps,
    equals: (other) => other.value === fps,
  };
  return versioned(rate, 'FrameRate') as FrameRate;
}
