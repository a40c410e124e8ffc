/**
 * What the progress line says and how full its bar is, from an Apply's progress reports (the
 * phases of each clip in turn, and the farm's chunks while it renders).
 */
import type { ApplyProgress } from './panelHost';

/** "12 / 48 frames · 6.1 fps · 5 s left" for the progress bar. */
export function describeProgress(p: ApplyProgress): string {
  const clip = p.clipCount > 1 ? `Clip ${p.clipIndex + 1} of ${p.clipCount} · ` : '';
  switch (p.phase) {
    case 'export':
      return `${clip}Exporting for the farm: ${p.done} / ${p.total} frames`;
    case 'stylize': {
      if (p.farm?.state === 'waiting') return `${clip}Waiting for farm workers${describeChunks(p)}`;
      if (p.farm?.state === 'assembling') return `${clip}Farm checking the ${p.total} frames`;
      const fps = p.fps > 0 ? ` · ${p.fps.toFixed(1)} fps` : '';
      const eta = p.etaSeconds !== null ? ` · ${formatSeconds(p.etaSeconds)} left` : '';
      return `${clip}${p.done} / ${p.total} frames${fps}${eta}${describeChunks(p)}`;
    }
    case 'encode':
      return `${clip}Encoding the movie (companion)`;
    case 'import':
      return `${clip}Importing the render`;
    case 'place':
      return `${clip}Placing the render on the timeline`;
  }
}

/** " · chunks 3/10 done, 2 running, 1 failed" while the farm renders. */
function describeChunks(p: ApplyProgress): string {
  if (!p.farm) return '';
  const { done, total, running, failed } = p.farm.chunks;
  return ` · chunks ${done}/${total} done, ${running} running${failed > 0 ? `, ${failed} failed` : ''}`;
}

export function progressFraction(p: ApplyProgress | undefined): number {
  if (!p || p.clipCount === 0) return 0;
  // A farm render exports every frame before the farm starts: exporting takes the first fifth of the bar.
  const stylizeFrom = p.farm || p.phase === 'export' ? 0.2 : 0;
  const phaseShare: Record<ApplyProgress['phase'], [number, number]> = {
    export: [0, 0.2], stylize: [stylizeFrom, 0.95], encode: [0.95, 0.97], import: [0.97, 0.98], place: [0.98, 1],
  };
  const [from, to] = phaseShare[p.phase];
  const within = p.total > 0 ? p.done / p.total : 0;
  return (p.clipIndex + from + (to - from) * within) / p.clipCount;
}

export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}
