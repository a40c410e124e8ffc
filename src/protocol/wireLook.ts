/**
 * The Look on the wire. The settings of setStyle, stylize and farmRender are the Look's own
 * controls (look/look.ts), each optional but mode and strength, so a message from before a
 * control still parses; an absent control takes the Look's default, except steadiness: absent,
 * a frame is not steadied (steadiness came in protocol 3, and a steadied frame needs clipFrame).
 * These are the protocol's translations between a Look and its messages.
 */
import { z } from 'zod';
import type { FrameSettings } from '../engine/inference/stylizeService';
import { FRAME_CONTROLS, lookControlsOf, lookSettingsOf, lookShape, type Look, type LookSettings, type STYLE_CONTROLS } from '../engine/look/look';
import { normaliseStyleSource, type StyleSource } from '../engine/look/mix';

const wireLook = z.object(lookShape).partial().required({ mode: true, strength: true });
const styleControls = { mode: true, styleScale: true } as const satisfies Record<(typeof STYLE_CONTROLS)[number], true>;

/** A farmRender's look: every control. */
export const wireLookShape = wireLook.shape;
/** A setStyle's: the controls that decide how the style is encoded. */
export const wireStyleShape = wireLook.pick(styleControls).shape;
/** A stylize's: the others. */
export const wireFrameShape = wireLook.omit(styleControls).shape;

type WireLook = z.infer<typeof wireLook>;

/** The wire's form of a look's (or a frame's) settings: steadiness 'off' is sent as its absence. */
export function wireFieldsOf<T extends { temporal?: LookSettings['temporal'] }>(settings: T): T {
  const { temporal, ...rest } = settings;
  return (temporal === undefined || temporal === 'off' ? rest : settings) as T;
}

/** A farmRender's settings and its style as a Look. */
export function lookOfWire(message: WireLook, style: StyleSource): Look {
  const settings = lookControlsOf(message) as WireLook;
  return { ...lookSettingsOf({ ...settings, temporal: message.temporal ?? 'off' }), styles: normaliseStyleSource(style) };
}

/** A stylize message's settings as the service takes them (`clipFrame` is the frame's position in its clip). */
export function frameSettingsOfWire(message: Pick<WireLook, 'strength'> & { clipFrame?: number }): FrameSettings {
  const settings = lookControlsOf(message, FRAME_CONTROLS) as FrameSettings;
  return message.clipFrame === undefined ? settings : { ...settings, frameIndex: message.clipFrame };
}
