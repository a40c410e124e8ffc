/**
 * The panel's companion carrier: finds a running `coherent-style serve` through the file it
 * announces itself in (port and token, in the user's config folder) and connects over UXP's
 * WebSocket (manifest network.domains allows ws://127.0.0.1).
 *
 * Adobe's reference documents no rule for loopback: WebSocket needs the URL in network.domains
 * (web-socket.md), and the network recipe warns "All APIs support both HTTP and HTTPS, but macOS
 * restricts `http://` for security reasons" and, under troubleshooting, "Connection fails only on
 * macOS | HTTPS required | Premiere disallows http:// URLs on macOS". Whether that covers ws:// to
 * 127.0.0.1 is not said, so a connection that never opens is named for what it may be.
 */
import { connectCompanion } from '../protocol/companionClient';
import { companionInfoPath, companionInfoSchema } from '../protocol/companionInfo';
import { CoherentStyleError } from '../engine/errors';
import type { RemoteStylizeService } from '../protocol/remoteStylizeService';
import type { WebSocketLike } from '../protocol/webSocketTransport';
import type { FarmRenderer } from '../panel/panelHost';
import { hostApp } from './hostApp';
import { ObservedWebSocket } from './observedWebSocket';
import { exists, readText } from './uxpFiles';

interface UxpOs {
  platform(): string;
  homedir(): string;
}

export async function openCompanionService(timeoutMs = 3000): Promise<RemoteStylizeService> {
  const os = require('os') as UxpOs; // UXP's os module (webpack external)
  const infoPath = companionInfoPath({ platform: os.platform(), homeDir: os.homedir(), env: {} });
  if (!(await exists(infoPath))) {
    throw new CoherentStyleError('HOST', `The companion is not running (no ${infoPath}). Start it with \`coherent-style serve\`.`);
  }
  const parsed = companionInfoSchema.safeParse(parseJson(await readText(infoPath).catch(() => '')));
  if (!parsed.success) {
    throw new CoherentStyleError('HOST', `${infoPath} is not a companion announcement; restart \`coherent-style serve\`.`);
  }
  let socket: ObservedWebSocket | undefined;
  const createSocket = (url: string) => (socket = new ObservedWebSocket(new WebSocket(url) as unknown as WebSocketLike));
  try {
    return await connectCompanion(parsed.data, createSocket, { openTimeoutMs: timeoutMs, clientName: `${hostApp().label} panel` });
  } catch (e) {
    if (!socket || socket.opened) throw e;
    throw connectionNotOpened(`ws://127.0.0.1:${parsed.data.port}`, infoPath, os.platform(), e);
  }
}

/** The companion announced itself, but the socket never opened: on macOS, possibly the host's http:// rule. */
function connectionNotOpened(url: string, infoPath: string, platform: string, cause: unknown): CoherentStyleError {
  if (platform === 'darwin') {
    const app = hostApp();
    return new CoherentStyleError('HOST', `${app.label} did not open the connection to the companion at ${url} (refused, or no answer). `
      + 'If `coherent-style serve` is running, macOS may be refusing unencrypted local connections: Adobe\'s network recipe says '
      + `"Premiere disallows http:// URLs on macOS". Use the WebView carrier meanwhile, and report it (${app.checklist}, ${app.companionCheck}). `
      + `If it is not running, start it with \`coherent-style serve\` (${infoPath} is left from an earlier run).`, { cause });
  }
  return new CoherentStyleError('HOST', `The companion announced in ${infoPath} is not answering at ${url} (connection refused, or no answer). `
    + 'Start it again with `coherent-style serve`.', { cause });
}

/** The render farm behind the companion; rejects unless the companion was started with --farm. */
export async function openCompanionFarm(): Promise<FarmRenderer> {
  const service = await openCompanionService();
  if (!service.capabilities.farm) {
    await service.dispose();
    throw new CoherentStyleError('FARM_UNREACHABLE', 'The companion renders on this computer only; start it with `coherent-style serve --farm <redis url>` to render on the farm.');
  }
  return service;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
