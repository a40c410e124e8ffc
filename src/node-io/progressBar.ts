/**
 * Render progress for a terminal: a redrawn bar (frames, fps, ETA) when stdout is a TTY, and
 * plain lines at most once a second otherwise, so logs from CI or a render farm stay readable.
 */
import type { RenderProgress } from '../engine/render/renderProgress';

export interface ProgressOutput {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

const BAR_WIDTH = 20;
const PLAIN_INTERVAL_MS = 1000;

export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function describeProgress(p: RenderProgress): string {
  return `${p.done}/${p.total} frames  ${p.fps.toFixed(2)} fps  ETA ${formatDuration(p.etaSeconds)}`;
}

export function progressBar(p: RenderProgress): string {
  const fraction = p.total > 0 ? p.done / p.total : 1;
  const filled = Math.round(fraction * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%  ${describeProgress(p)}`;
}

export class ProgressReporter {
  private lastPlainAt = Number.NEGATIVE_INFINITY;
  private drawn = false;

  constructor(private readonly out: ProgressOutput, private readonly label: string, private readonly now: () => number = Date.now) {}

  update(p: RenderProgress): void {
    if (this.out.isTTY) {
      const line = `${this.label} ${progressBar(p)}`;
      const width = this.out.columns ?? 120;
      this.out.write(`\r\x1b[2K${line.length > width ? line.slice(0, width - 1) : line}`);
      this.drawn = true;
      return;
    }
    const finished = p.done === p.total;
    const t = this.now();
    if (!finished && t - this.lastPlainAt < PLAIN_INTERVAL_MS) return;
    this.lastPlainAt = t;
    this.out.write(`${this.label} ${describeProgress(p)}\n`);
  }

  /** Ends the redrawn line so later output starts on a fresh one. */
  finish(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}
