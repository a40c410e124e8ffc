/**
 * The UXP types the plugin relies on still match @adobe/cc-ext-uxp-types. They compile in their
 * own program (tsconfig.uxp-check.json), because that package declares DOM-like globals that must
 * not leak into the rest of the project; the Premiere API subset is checked by the main typecheck.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

test('typecheck/uxpApi.check.ts compiles against @adobe/cc-ext-uxp-types', () => {
  const root = path.resolve(__dirname, '../..');
  expect(() => execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.uxp-check.json'],
    { cwd: root, stdio: 'pipe' })).not.toThrow();
});
