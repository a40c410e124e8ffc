/** Shared setup for the Premiere host tests: a fresh fake project in a real temp folder and the real engine. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import WebSocket from 'ws';
import { encodePng } from '../../../src/engine/images/imageCodec';
import type { StylizeService } from '../../../src/engine/inference/stylizeService';
import type { PanelController } from '../../../src/panel/panelController';
import { companionInfoPath } from '../../../src/protocol/companionInfo';
import { openNewProject, resetFakePremiere, type FakePremiereState, type FakeProject } from '../../fakes/premierepro';
import { fakeUxpState, resetFakeUxp } from '../../fakes/uxp';
import { syntheticImage } from '../../support/syntheticImages';

export interface Workspace {
  root: string;
  project: FakeProject;
  cleanup(): void;
}

/** A fresh workspace over the simulator at `host.version` (default: the newest simulated Premiere). */
export function freshWorkspace(host: Partial<Pick<FakePremiereState, 'version' | 'pathStyle'>> = {}): Workspace {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-premiere-'));
  resetFakePremiere(host);
  // The plugin folder is the fixtures folder: its models/ holds the fixture models, as an installed plugin holds its own.
  resetFakeUxp({ dataFolder: path.join(root, 'plugin-data'), pluginFolder: path.resolve(__dirname, '../../fixtures') });
  const project = openNewProject(path.join(root, 'Projects', 'My Film.prproj'));
  return { root, project, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** Every file under a folder (relative paths), [] when it does not exist. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/**
 * A view of a shared service whose dispose() does nothing (the panel disposes what it is given); the
 * hooks let a test change the host mid-Apply (while frames stylize, or once they all are).
 */
export function lend(shared: StylizeService, onStylize?: () => void, onEndJob?: () => void): StylizeService {
  return {
    get provider() {
      return shared.provider;
    },
    get providerLabel() {
      return shared.providerLabel;
    },
    setStyle: (...args) => shared.setStyle(...args),
    stylize: (...args) => {
      onStylize?.();
      return shared.stylize(...args);
    },
    endJob: (jobId) => {
      onEndJob?.();
      return shared.endJob(jobId);
    },
    dispose: async () => undefined,
  };
}

/** Writes a small synthetic painting into the workspace and picks it in the panel, as an editor does. */
export async function pickSyntheticStyle(ws: Workspace, controller: PanelController, fileName = 'Hokusai wave.png'): Promise<void> {
  const stylePath = path.join(ws.root, fileName);
  fs.writeFileSync(stylePath, encodePng(syntheticImage(40, 32, { seed: 9 })));
  fakeUxpState.nextPickedFile = stylePath;
  await controller.pickStyle();
}

// The module the companion carrier reads the home folder from (UXP's os; Node's here).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const hostOs = require('os') as { homedir(): string; platform(): string };
const globals = globalThis as unknown as { WebSocket?: unknown };

/**
 * Has the panel's companion carrier find a companion announced under `home` and connect with
 * Node's WebSocket as UXP's global one; resolves to where a companion must announce itself and
 * the undo (call it after each test).
 */
export function reachCompanionFrom(home: string): { infoFile: string; restore(): void } {
  jest.spyOn(hostOs, 'homedir').mockReturnValue(home);
  globals.WebSocket = WebSocket;
  return {
    infoFile: companionInfoPath({ platform: hostOs.platform(), homeDir: home, env: {} }),
    restore: () => {
      jest.restoreAllMocks();
      delete globals.WebSocket;
    },
  };
}
