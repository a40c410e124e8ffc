/** `coherent-style models list|verify`: what is installed, and whether every file is intact. */
import type { Command } from 'commander';
import { CoherentStyleError } from '../../engine/errors';
import { usageError, type ModelsCommand } from './cliArgs';
import type { CliContext } from './cliProgram';
import { loadRegistry, type CliEnvironment } from './stylizeCommand';

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export async function runModelsCommand(command: ModelsCommand, env: CliEnvironment, print: (line: string) => void): Promise<void> {
  const dir = command.models ?? env.defaultModelsDir;
  const registry = await loadRegistry(dir);
  if (command.action === 'list') {
    print(`Models in ${dir}:`);
    for (const m of registry.modes) {
      const isDefault = m.id === registry.defaultMode.id ? ' (default)' : '';
      print(`  ${m.id}${isDefault} — ${m.label}: ${m.description}`);
      print(`      renders at short side ${m.recommendedShortSide} (multiple of ${m.sizeMultiple}); ${megabytes(m.styleEncoder.bytes + m.stylizer.bytes)}; ${m.provenance}`);
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
    .action(async (action: ModelsCommand['action'], options: { models?: string }) => {
      await runModelsCommand({ action, models: options.models }, env, (line) => io.stdout.write(`${line}\n`));
    });
}
