/**
 * `file:` URLs for native paths, in the shape of the reference's getEntryWithUrl examples
 * ("file:/Users/user/Documents", "file:/C:/Users/user/Documents": the path right after `file:`,
 * forward slashes). Each path segment is percent-encoded as UTF-8, so render folders with spaces
 * ("Coherent Style Renders/<clip> <date-time>") and names with `#`, `%`, `?` or non-ASCII letters
 * reach UXP as the same path. A UNC path (\\server\share\…) keeps its server in the path with an
 * empty authority (`file:////server/share/…`, RFC 8089 appendix E.3.2): `file://server/…` would make
 * the server a URL host, which a file URL parser may drop or refuse.
 */
const WINDOWS_DRIVE = /^[A-Za-z]:$/;

function encodeSegment(segment: string, index: number): string {
  if (index === 0 && WINDOWS_DRIVE.test(segment)) return segment;
  return encodeURIComponent(segment);
}

function encodePath(slashedPath: string): string {
  return slashedPath.split('/').map(encodeSegment).join('/');
}

export function fileUrl(nativePath: string): string {
  const slashed = nativePath.replace(/\\/g, '/');
  if (/^\/\/[^/]/.test(slashed)) return `file:////${encodePath(slashed.slice(2))}`;
  const absolute = slashed.replace(/^\/+/, '');
  return `file:/${encodePath(absolute)}`;
}
