/**
 * "Keep original colours": the stylized frame's luma with the input frame's chroma.
 *
 * Done in full-range Y'CbCr with the BT.709 weights (the colour space of HD and UHD video) on the
 * gamma-encoded samples, not in CIE Lab: the transform is linear, so chroma is carried over exactly
 * and invertibly with three multiply-adds per pixel and no gamma curves (cheap at 4K, and the same
 * in UXP, the WebView and Node); Lab's perceptual uniformity buys nothing when chroma is copied
 * unchanged. Where the stylized luma with the input's chroma would leave the RGB cube, the luma is
 * clamped to the nearest value that keeps every channel in [0,1], so chroma is never altered.
 */
import type { PlanarRgb } from './image';

const KR = 0.2126;
const KB = 0.0722;
const KG = 1 - KR - KB;

/** Stylized luma, input chroma; both images have the same size. */
export function withOriginalColors(stylized: PlanarRgb, input: PlanarRgb): PlanarRgb {
  const n = input.width * input.height;
  const src = input.data;
  const sty = stylized.data;
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    const r = src[i];
    const g = src[n + i];
    const b = src[2 * n + i];
    const y = KR * r + KG * g + KB * b;
    // Each channel is luma plus a chroma offset; keeping the offsets keeps Cb and Cr.
    const dr = r - y;
    const dg = g - y;
    const db = b - y;
    let styled = KR * sty[i] + KG * sty[n + i] + KB * sty[2 * n + i];
    const low = Math.max(-dr, -dg, -db, 0);
    const high = Math.min(1 - dr, 1 - dg, 1 - db, 1);
    styled = styled < low ? low : styled > high ? high : styled;
    out[i] = styled + dr;
    out[n + i] = styled + dg;
    out[2 * n + i] = styled + db;
  }
  return { width: input.width, height: input.height, data: out };
}
