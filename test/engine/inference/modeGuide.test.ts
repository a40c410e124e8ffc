/** Modes in an editor's words: the installed models' guides make plain, jargon-free panel descriptions. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { modelManifestSchema } from '../../../src/engine/inference/modelContract';
import { describeModeForEditor, modeSummary } from '../../../src/engine/inference/modeGuide';

const manifest = modelManifestSchema.parse(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../models/models.json'), 'utf8')));

test('every installed mode is described from its guide, without training jargon', () => {
  for (const mode of manifest.models) {
    const text = describeModeForEditor(mode);
    expect(text).toBe(`${mode.modeGuide!.does}. Good for: ${mode.modeGuide!.useWhen.charAt(0).toLowerCase()}${mode.modeGuide!.useWhen.slice(1)}.`);
    expect(text).not.toMatch(/CCPL|optical flow|trained|network|statistics/i);
  }
  expect(describeModeForEditor(manifest.models.find((m) => m.id === 'artistic')!)).toBe("Paints with the style's strokes. Good for: bold graphic looks, animation.");
});

test('a mode without a guide falls back to its description\'s first clause', () => {
  const bare = { ...manifest.models[0], modeGuide: undefined, description: 'Tiny random network (seed 1) for tests; nothing more.' };
  expect(modeSummary(bare)).toEqual({ does: 'Tiny random network (seed 1) for tests' });
  expect(describeModeForEditor(bare)).toBe('Tiny random network (seed 1) for tests.');
});
