import { FairScheduler } from '../../src/protocol/fairScheduler';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('FairScheduler', () => {
  it('alternates between clients whatever order their work arrived in', async () => {
    const scheduler = new FairScheduler(1);
    const order: string[] = [];
    const task = (name: string) => ({ run: async () => { order.push(name); await tick(); } });
    for (let i = 0; i < 4; i++) scheduler.enqueue('a', task(`a${i}`));
    for (let i = 0; i < 2; i++) scheduler.enqueue('b', task(`b${i}`));
    scheduler.enqueue('c', task('c0'));
    await tick();
    while (scheduler.queuedTotal > 0) await tick();
    await scheduler.whenIdle();
    expect(order).toEqual(['a0', 'b0', 'c0', 'a1', 'b1', 'a2', 'a3']);
  });

  it('never runs more than its concurrency and keeps going after a failing task', async () => {
    const scheduler = new FairScheduler(2);
    let running = 0;
    let peak = 0;
    let done = 0;
    for (let i = 0; i < 6; i++) {
      scheduler.enqueue(`client${i % 3}`, {
        run: async () => {
          running++;
          peak = Math.max(peak, running);
          await tick();
          running--;
          done++;
          if (i === 1) throw new Error('boom');
        },
      });
    }
    while (done < 6) await tick();
    expect(peak).toBe(2);
  });

  it('removes queued work and drains a departing client', () => {
    const scheduler = new FairScheduler(1);
    const blocker = { run: () => new Promise<void>(() => undefined) };
    const queued = { run: async () => undefined };
    scheduler.enqueue('a', blocker);
    scheduler.enqueue('a', queued);
    scheduler.enqueue('b', { run: async () => undefined });
    expect(scheduler.remove('a', blocker)).toBe(false);
    expect(scheduler.remove('a', queued)).toBe(true);
    expect(scheduler.drain('b')).toHaveLength(1);
    expect(scheduler.queuedTotal).toBe(0);
  });
});
