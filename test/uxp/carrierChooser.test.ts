import { CoherentStyleError } from '../../src/engine/errors';
import { ProtocolEndpoint } from '../../src/protocol/protocolEndpoint';
import { RemoteStylizeService } from '../../src/protocol/remoteStylizeService';
import { chooseCarriers } from '../../src/uxp/carrierChooser';
import { connectFirstAvailable } from '../../src/panel/stylizeCarriers';
import { offsetBackend, OffsetStylizer } from '../support/offsetStylizer';
import { transportPair } from '../support/transportPair';

/** A live protocol server whose backend reports `provider`; `opened` counts connections. */
function remoteCarrier(provider: string, label: string) {
  const endpoint = new ProtocolEndpoint(offsetBackend(new OffsetStylizer(1, label), provider));
  const state = { opened: 0, disposed: 0 };
  const open = async () => {
    state.opened++;
    const pair = transportPair();
    endpoint.accept(pair.server);
    pair.client.onClose(() => { state.disposed++; });
    return RemoteStylizeService.connect(pair.client, provider);
  };
  return { open, state };
}

const refused = (what: string) => () => Promise.reject(new CoherentStyleError('HOST', `${what} refused`));

describe('chooseCarriers', () => {
  it('takes the WebView when it has WebGPU', async () => {
    const webview = remoteCarrier('webgpu', 'GPU · WebGPU');
    const companion = remoteCarrier('cuda', 'GPU · CUDA');
    const chosen = await connectFirstAvailable(chooseCarriers({ webview: webview.open, companion: companion.open }));
    expect(chosen.carrierId).toBe('webview (WebGPU)');
    expect(chosen.service.providerLabel).toBe('GPU · WebGPU');
    expect(companion.state.opened).toBe(0);
  });

  it('prefers the companion over a WebView without WebGPU, and releases that WebView', async () => {
    const webview = remoteCarrier('wasm', 'CPU · wasm');
    const companion = remoteCarrier('cuda', 'GPU · CUDA');
    const chosen = await connectFirstAvailable(chooseCarriers({ webview: webview.open, companion: companion.open }));
    expect(chosen.carrierId).toBe('companion');
    expect(chosen.skipped[0].reason).toMatch(/no WebGPU/);
    expect(webview.state).toEqual({ opened: 1, disposed: 1 });
  });

  it('falls back to the wasm WebView (opened once) when the companion does not answer', async () => {
    const webview = remoteCarrier('wasm', 'CPU · wasm');
    const chosen = await connectFirstAvailable(chooseCarriers({ webview: webview.open, companion: refused('companion') }));
    expect(chosen.carrierId).toBe('webview (wasm)');
    expect(chosen.service.providerLabel).toBe('CPU · wasm');
    expect(webview.state).toEqual({ opened: 1, disposed: 0 });
  });

  it('offers no in-process carrier, and says why each carrier was skipped when none connects', async () => {
    expect(chooseCarriers({}).map((c) => c.id)).toEqual(['webview (WebGPU)', 'companion', 'webview (wasm)']);
    const none = connectFirstAvailable(chooseCarriers({ webview: refused('webview'), companion: refused('companion') }));
    await expect(none).rejects.toThrow(/webview \(WebGPU\): webview refused; companion: companion refused; webview \(wasm\): webview refused\)/);
  });
});
