/**
 * `coherent-style models list|verify`: which mode to use when (a short table; `--details` adds sizes
 * and how each was trained), and whether every model file is intact.
 */
import type { Command } from 'commander';
import { CoherentStyleError } from '../../engine/errors';
import type { ModelEntry } from '../../engine/inference/modelContract';
import { modeSummary } from '../../engine/inference/modeGuide';
import { usageError, type ModelsCommand } from './cliArgs';
import type { CliContext } from './cliContext';
import type { CliEnvironment } from './cliContext';
import { loadRegistry } from '../../node-io/fsModelStore';

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A mode's row: id, what it does, when to use it, speed (a mode without a guide: its description's first clause). */
function modeRow(mode: ModelEntry, defaultId: string): string[] {
  const guide = mode.modeGuide;
  const { does, useWhen } = modeSummary(mode);
  return [
    `${mode.id}${mode.id === defaultId ? ' *' : ''}`,
    does,
    useWhen ?? '—',
    guide ? `${(1000 / guide.cpuMsPer720pFrame).toFixed(1)} fps` : '—',
  ];
}

/** The modes as aligned text columns, with a header row. */
export function modesTable(modes: readonly ModelEntry[], defaultId: string): string[] {
  const rows = [['mode', 'what it does', 'use it for', 'speed'], ...modes.map((m) => modeRow(m, defaultId))];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  '));
}

export async function runModelsCommand(command: ModelsCommand, env: CliEnvironment, print: (line: string) => void): Promise<void> {
  const dir = command.models ?? env.defaultModelsDir;
  const registry = await loadRegistry(dir);
  if (command.action === 'list') {
    for (const line of modesTable(registry.modes, registry.defaultMode.id)) print(line);
    print('');
    print('* the default. Speed: frames/s at 1280×720 on a 2-core CPU (BENCHMARKS.md); a GPU is faster.');
    if (!command.details) {
      print('Pick one with `stylize … --mode <mode>`; `models list --details` says how each was made.');
      return;
    }
    for (const m of registry.modes) {
      print('');
      print(`${m.id} — ${m.label}: ${m.description}`);
      print(`  renders at short side ${m.recommendedShortSide} (multiple of ${m.sizeMultiple}); ${megabytes(m.styleEncoder.bytes + m.stylizer.bytes)} in ${dir}; ${m.provenance}`);
    }
    return;
  }
  const checks = await registry.verify();
  for (const check of checks) {
    print(`${check.ok ? 'ok    ' : 'FAILED'} ${check.mode} ${check.graph} (${check.file})${check.error ? `: ${check.error.message}` : ''}`);
  }
  const failed = checks.filter((c) => !c.ok);
  if (failed.length > 0) {
    const code = failed.some((c) => c.error?.code === 'MODEL_TAMPERED') ? 'MODEL_TAMPERED' : 'MODEL_MISSING';
    throw new CoherentStyleError(code, `${failed.length} of ${checks.length} model files in ${dir} are missing or damaged. Reinstall the models.`);
  }
  print(`All ${checks.length} model files in ${dir} are intact.`);
}

function parseAction(text: string): ModelsCommand['action'] {
  if (text !== 'list' && text !== 'verify') throw usageError('Use `coherent-style models list` or `coherent-style models verify`.');
  return text;
}

export function registerModels(program: Command, { env, io }: CliContext): void {
  program.command('models')
    .description('list the installed modes, or verify every model file\'s size and SHA-256')
    .argument('<list|verify>', 'what to do', parseAction)
    .option('--models <dir>', 'the models folder')
    .option('--details', 'list: add each mode\'s render size, file size and how it was trained', false)
    .action(async (action: ModelsCommand['action'], options: { models?: string; details: boolean }) => {
      await runModelsCommand({ action, models: options.models, details: options.details }, env, (line) => io.stdout.write(`${line}\n`));
    });
}
