/**
 * `stylize --mode all` on an image: the frame in every installed mode, side by side with the
 * input, labelled, in one contact strip, so an editor can pick a mode from one render.
 */
import { throwIfCancelled } from '../../engine/errors';
import { contactStrip } from '../../engine/images/contactStrip';
import type { RasterImage } from '../../engine/images/image';
import { fromPlanarRgb, toPlanarRgb } from '../../engine/images/planar';
import type { ModelRegistry } from '../../engine/inference/modelRegistry';
import type { StylizeService } from '../../engine/inference/stylizeService';
import type { Look } from '../../engine/look/look';
import { renderStill } from '../../engine/render/renderJob';
import type { CancelSignal } from '../../engine/cancellation';

export const ALL_MODES = 'all';
/** Tiles are at most this tall, so a 4K input still gives a strip an image viewer opens whole. */
const MAX_TILE_HEIGHT = 540;

export async function renderModeStrip(
  look: Look, input: RasterImage, registry: ModelRegistry, service: StylizeService, signal: CancelSignal,
): Promise<RasterImage> {
  const original = toPlanarRgb(input);
  const tiles = [{ label: 'Input', image: original }];
  for (const mode of registry.modes) {
    throwIfCancelled(signal);
    const frame = await renderStill(service, `compare-${mode.id}`, { ...look, mode: mode.id }, input, signal);
    tiles.push({ label: mode.label, image: toPlanarRgb(frame) });
  }
  return fromPlanarRgb(contactStrip(tiles, Math.min(input.height, MAX_TILE_HEIGHT)), { bitDepth: 8 });
}
