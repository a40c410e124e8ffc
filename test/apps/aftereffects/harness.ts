/** Shared setup for the After Effects host tests: a fresh simulated project in a real temp folder. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openAeProject, resetFakeAfterEffects, type FakeAeProject, type FakeCompItem } from '../../fakes/afterEffects';
import { resetFakeUxp } from '../../fakes/uxp';

export interface AeWorkspace {
  root: string;
  project: FakeAeProject;
  cleanup(): void;
}

/** A fresh workspace with a saved project (or, with `saved: false`, one never saved). */
export function freshAeWorkspace(options: { saved?: boolean } = {}): AeWorkspace {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-ae-'));
  resetFakeAfterEffects();
  // The plugin folder is the fixtures folder: its models/ holds the fixture models, as an installed plugin holds its own.
  resetFakeUxp({
    dataFolder: path.join(root, 'plugin-data'), pluginFolder: path.resolve(__dirname, '../../fixtures'), host: { name: 'aftereffects', version: '27.0.0' },
  });
  const project = openAeProject(options.saved === false ? '' : path.join(root, 'Projects', 'My Motion.aep'));
  return { root, project, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** A comp made active the way an editor does: it alone selected in the Project panel. */
export function activeComp(ws: AeWorkspace, spec: Parameters<FakeAeProject['addComp']>[0] = {}): FakeCompItem {
  const comp = ws.project.addComp(spec);
  ws.project.selectItems(comp);
  return comp;
}
