/**
 * The Diagnostics section: what someone running the plugin in a Premiere we have not tried needs to
 * see and send us (host and UXP versions, which carrier can run the models and why each other one
 * cannot, the models found), and the plain-text report "Copy report" puts on the clipboard.
 */
import type { StylizeService } from '../engine/inference/stylizeService';

export interface CarrierDiagnosis {
  carrier: string;
  available: boolean;
  /** Why it is or is not available, in the carrier's own words (e.g. "loaded; WebGPU adapter found"). */
  detail: string;
}

/** The carrier a panel or command connected last, and what it runs on. */
export interface CarrierInUse {
  carrier: string;
  runs: string;
}

export interface Diagnostics {
  /** The host application and its version, e.g. "premierepro 25.6.0". */
  host: string;
  uxpVersion: string;
  pluginVersion: string;
  platform: string;
  carriers: CarrierDiagnosis[];
  /** Undefined before any carrier connected. */
  inUse?: CarrierInUse;
  /** The protocol the carriers speak: its version, and the largest piece any message is sent in. */
  protocol: { version: number; chunkBytes: number };
  /** The panel's last error message, as of the check. */
  lastError?: string;
  models: { modes: string[]; defaultMode?: string; problem?: string };
}

/** A carrier that does not answer in this time is reported as not available (a WebView that never loads). */
const CARRIER_CHECK_TIMEOUT_MS = 30_000;

/**
 * Connects a carrier once to see whether it works here, then lets it go. `describe` words what a
 * working carrier offers (default: what it runs on); a failure's message is the reason.
 */
export async function diagnoseCarrier<S extends StylizeService>(
  carrier: string, connect: () => Promise<S>,
  describe: (service: S) => string = (service) => `runs ${service.providerLabel}`,
  timeoutMs = CARRIER_CHECK_TIMEOUT_MS,
): Promise<CarrierDiagnosis> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const connecting = connect();
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  });
  try {
    const service = await Promise.race([connecting, timedOut]);
    try {
      return { carrier, available: true, detail: describe(service) };
    } finally {
      await service.dispose();
    }
  } catch (e) {
    // A connection that arrives after the timeout is released at once.
    connecting.then((late) => late.dispose(), () => undefined);
    return { carrier, available: false, detail: (e as Error)?.message ?? String(e) };
  } finally {
    clearTimeout(timer);
  }
}

/** The section's lines, one fact each (the report repeats them). */
export function describeDiagnostics(d: Diagnostics): string[] {
  const modes = d.models.modes.length > 0 ? d.models.modes.join(', ') : 'none found';
  return [
    `Host: ${d.host} · UXP ${d.uxpVersion}`,
    `Plugin: ${d.pluginVersion} · ${d.platform}`,
    ...d.carriers.map((c) => `${c.available ? '✓' : '✗'} ${c.carrier}: ${c.detail}`),
    `In use: ${d.inUse ? `${d.inUse.carrier} (${d.inUse.runs})` : 'no carrier connected yet'}`,
    `Protocol: version ${d.protocol.version} · larger messages in chunks of at most ${describeBytes(d.protocol.chunkBytes)}`,
    `Last error: ${d.lastError ?? 'none'}`,
    `Models: ${modes}${d.models.defaultMode ? ` (default ${d.models.defaultMode})` : ''}`,
    ...(d.models.problem ? [`Models problem: ${d.models.problem}`] : []),
  ];
}

/** The report "Copy report" copies: plain text, one fact a line, ready to paste into an issue. */
export function diagnosticsReport(d: Diagnostics, context: { runningOn?: string; checkedAt: Date }): string {
  return [
    'Coherent Style diagnostics',
    `Checked: ${context.checkedAt.toISOString()}`,
    `Running on: ${context.runningOn ?? 'no carrier connected yet'}`,
    ...describeDiagnostics(d),
    '',
  ].join('\n');
}

function describeBytes(bytes: number): string {
  return bytes % 2 ** 20 === 0 ? `${bytes / 2 ** 20} MiB` : `${bytes} bytes`;
}
