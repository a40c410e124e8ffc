/**
 * How the simulator reads a `file:` URL handed to getEntryWithUrl. The reference only says it throws
 * "if invalid file url format or value is passed", so the simulator takes the strict reading of
 * RFC 3986/8089: a character that is not allowed in a URL path (a space, `#`, `?`, a `%` that starts
 * no escape, a backslash, any non-ASCII letter) makes the URL invalid, escapes are decoded as UTF-8,
 * and an authority other than empty or "localhost" is refused (UXP's resolution of URL hosts is
 * undocumented). A path that starts with `//` after an empty authority is a UNC path.
 */
const PATH_CHARACTERS = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$/;

export type ParsedFileUrl = { kind: 'posix'; path: string } | { kind: 'unc'; server: string; share: string; rest: string[] };

function invalid(url: string, why: string): Error {
  return new Error(`Invalid file url ${url}: ${why}`);
}

function splitAuthority(url: string, afterScheme: string): string {
  if (!afterScheme.startsWith('//')) return afterScheme;
  const end = afterScheme.indexOf('/', 2);
  const authority = end < 0 ? afterScheme.slice(2) : afterScheme.slice(2, end);
  if (authority !== '' && authority.toLowerCase() !== 'localhost') throw invalid(url, `the host "${authority}" is not supported`);
  return end < 0 ? '/' : afterScheme.slice(end);
}

function decode(url: string, segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw invalid(url, `"${segment}" is not UTF-8`);
  }
}

export function parseFileUrl(url: string): ParsedFileUrl {
  const match = /^file:(.*)$/s.exec(url);
  if (!match) throw invalid(url, 'not a file: URL');
  if (!PATH_CHARACTERS.test(match[1])) throw invalid(url, 'it holds characters that must be percent-encoded');
  const urlPath = splitAuthority(url, match[1]);
  if (!urlPath.startsWith('/')) throw invalid(url, 'the path is not absolute');
  if (urlPath.startsWith('//')) {
    const [server, share, ...rest] = urlPath.slice(2).split('/').map((s) => decode(url, s));
    if (!server || !share) throw invalid(url, 'a UNC path needs a server and a share');
    return { kind: 'unc', server, share, rest };
  }
  const segments = urlPath.split('/').map((s) => decode(url, s));
  if (segments.some((s) => s.includes('/') || s.includes('\0'))) throw invalid(url, 'an escape decodes to a separator');
  return { kind: 'posix', path: segments.join('/') };
}
