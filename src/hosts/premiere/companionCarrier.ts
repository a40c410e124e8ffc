/**
 * The panel's companion carrier: finds a running `coherent-style serve` through the file it
 * announces itself in (port and token, in the user's config folder) and connects over UXP's
 * WebSocket (manifest network.domains allows ws://127.0.0.1).
 */
import { connectCompanion } from '../../engine/protocol/companionClient';
import { companionInfoPath, companionInfoSchema } from '../../engine/protocol/companionInfo';
import { CoherentStyleError } from '../../engine/errors';
import type { RemoteStylizeService } from '../../engine/protocol/remoteStylizeService';
import type { WebSocketLike } from '../../engine/protocol/webSocketTransport';
import type { FarmRenderer } from '../../panel/panelHost';
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
  return connectCompanion(parsed.data, (url) => new WebSocket(url) as unknown as WebSocketLike, { openTimeoutMs: timeoutMs, clientName: 'Premiere panel' });
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
