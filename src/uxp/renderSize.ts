/** The size frames are exported and stylized at, from the panel's render short side. */

export interface FrameSize {
  width: number;
  height: number;
}

/** The export size for a render short side: the frame's aspect, never larger than the frame. */
export function renderSizeFor(frameSize: FrameSize, shortSide: number | undefined): FrameSize {
  const fullShort = Math.min(frameSize.width, frameSize.height);
  if (shortSide === undefined || shortSide >= fullShort) return { width: Math.round(frameSize.width), height: Math.round(frameSize.height) };
  const scale = shortSide / fullShort;
  return { width: Math.max(1, Math.round(frameSize.width * scale)), height: Math.max(1, Math.round(frameSize.height * scale)) };
}
