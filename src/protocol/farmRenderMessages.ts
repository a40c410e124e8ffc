/**
 * A farm render as the client sends it: its farmRender messages in order (the style outside its
 * matte, then the look's style or the parts of its mix; the last one starts the render), each
 * style no larger than the workers' encoder takes it.
 */
import { downscaleStyle } from '../engine/images/styleDownscale';
import { largestShortSideFor } from '../engine/inference/heldStyles';
import { settingsOfLook } from '../engine/look/look';
import { downscaleStyles } from '../engine/look/mix';
import type { FarmRenderSpec } from './endpointBackend';
import type { FarmRenderMessage } from './messages';
import { wireFieldsOf } from './wireLook';

/** A farm render as the client describes it: what the endpoint hands the farm (FarmRenderSpec). */
export type FarmRenderSettings = FarmRenderSpec;

/** The farmRender messages of a render, in the order they are sent. */
export function farmRenderMessages(jobId: string, settings: FarmRenderSettings): Array<Omit<FarmRenderMessage, 'id'>> {
  const { look, input, output, keyframes, matte } = settings;
  const outsideStyle = matte?.outsideStyle;
  const header = {
    type: 'farmRender', job: jobId, input, output, ...wireFieldsOf(settingsOfLook(look)), ...(keyframes ? { keyframes } : {}),
    ...(matte ? { matte: { path: matte.path, inverted: matte.inverted, outsideStyle: outsideStyle !== undefined } } : {}),
  } as const;
  // Farm workers encode each style scaled, so at most at the engine's largest size.
  const shortSide = largestShortSideFor(look);
  const parts = downscaleStyles(look.styles, shortSide);
  return [
    ...(outsideStyle ? [{ ...header, matteStyle: true as const, image: downscaleStyle(outsideStyle, shortSide) }] : []),
    ...parts.map(({ image, weight }, part) => ({ ...header, image, ...(parts.length > 1 ? { mix: { part, of: parts.length, weight } } : {}) })),
  ];
}
