/**
 * Runs queued work round-robin between clients, so one editor's long render cannot starve
 * another's preview: after a client's task starts, every other client with queued work goes
 * next before that client again. Concurrency is bounded (one inference at a time by default:
 * a GPU or the CPU is saturated by a single frame).
 */
export interface ScheduledTask {
  run(): Promise<void>;
}

export class FairScheduler {
  private readonly queues = new Map<string, ScheduledTask[]>();
  /** Clients in the order they are served; the cursor points at the next one to look at. */
  private readonly ring: string[] = [];
  private cursor = 0;
  private running = 0;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(private readonly concurrency = 1) {}

  enqueue(client: string, task: ScheduledTask): void {
    let queue = this.queues.get(client);
    if (!queue) {
      queue = [];
      this.queues.set(client, queue);
      this.ring.push(client);
    }
    queue.push(task);
    this.pump();
  }

  /** Removes a task that has not started; false when it already runs or finished. */
  remove(client: string, task: ScheduledTask): boolean {
    const queue = this.queues.get(client);
    const index = queue ? queue.indexOf(task) : -1;
    if (index < 0) return false;
    queue!.splice(index, 1);
    return true;
  }

  /** Removes and returns every queued task of a client (it disconnected). */
  drain(client: string): ScheduledTask[] {
    const queue = this.queues.get(client) ?? [];
    this.queues.delete(client);
    const at = this.ring.indexOf(client);
    if (at >= 0) {
      this.ring.splice(at, 1);
      if (this.cursor > at) this.cursor--;
    }
    return queue;
  }

  queued(client: string): number {
    return this.queues.get(client)?.length ?? 0;
  }

  /** Tasks waiting across all clients. */
  get queuedTotal(): number {
    let total = 0;
    for (const queue of this.queues.values()) total += queue.length;
    return total;
  }

  /** Resolves when nothing runs (queued tasks may remain). */
  whenIdle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running < this.concurrency) {
      const task = this.next();
      if (!task) return;
      this.running++;
      void task.run().catch(() => undefined).finally(() => {
        this.running--;
        if (this.running === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
        this.pump();
      });
    }
  }

  private next(): ScheduledTask | undefined {
    for (let step = 0; step < this.ring.length; step++) {
      const index = (this.cursor + step) % this.ring.length;
      const task = this.queues.get(this.ring[index])?.shift();
      if (task) {
        // Not wrapped: a client that joins the ring later still comes before this one again.
        this.cursor = index + 1;
        return task;
      }
    }
    return undefined;
  }
}
