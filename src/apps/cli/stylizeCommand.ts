/**
 * `coherent-style stylize`: one image, a video, or a folder of numbered frames through one mode.
 * The output kind follows --out and --format (outputFormat.ts): an image, a video in an editing
 * format, or a PNG folder; an extension it does not write is refused. Inputs are
 * only ever read; every output file is written under a temp name and renamed when complete.
 * A second identical run reuses the output (cliRenderReuse.ts); a PNG-folder output resumes.
 */
import { randomUUID } from 'node:crypto';
import { rmdir } from 'node:fs/promises';
import type { Command } from 'commander';
import { throwIfCancelled } from '../../engine/errors';
import { runRenderJob, type RenderResult } from '../../engine/render/renderJob';
import { styleDigest } from '../../engine/look/renderRecord';
import type { ModelEntry } from '../../engine/inference/modelContract';
import { collect, lookInputOf, styleMixOf, withLookOptions, type StylizeCommand } from './cliArgs';
import { lookOf } from '../../engine/look/look';
import type { CliContext, CliEnvironment } from './cliContext';
import { cliRenderIdentity, findEarlierRender, recordCliRender, reuseVerdict, type CliLook, type EarlierRender } from './cliRenderReuse';
import { readKeyframesFile } from '../../node-io/keyframesFile';
import { Matte } from '../../node-io/matteInput';
import { loadRegistry } from '../../node-io/fsModelStore';
import { readImageFile, writeImageFile } from '../../node-io/imageFiles';
import { checkOutputIsNoInput } from '../../node-io/outputGuard';
import { prepareFileOutput, prepareFolderOutput } from '../../node-io/outputPreparation';
import { ALL_MODES, renderModeStrip } from './compareModes';
import { chooseOutput, type OutputTarget } from '../../node-io/outputFormat';
import { ProgressReporter } from '../../node-io/progressBar';
import { stylizeHelpText } from './stylizeHelp';
import { cancelSignalOf } from '../../node-io/cancelSignals';
import { classifyInput, type InputKind } from '../../node-io/mediaInputs';
import { checkPair, inputsOf } from './stylizeInputs';
import { jobFor, outputFrameFiles, planInput, renderSourceOf, tapped, type JobTaps } from './stylizeJobs';

export interface RenderedJob {
  mode: ModelEntry;
  result: RenderResult;
}

/** Runs one stylize command; resolves when every output file is complete. */
export async function runStylize(command: StylizeCommand, env: CliEnvironment, taps?: JobTaps): Promise<RenderedJob> {
  const mix = styleMixOf(command);
  const inputKind = await classifyInput(command.input);
  const target = await chooseOutput(command.out, command.format);
  checkPair(inputKind, target.kind, command);
  await checkOutputIsNoInput(command.out, inputsOf(command, mix.map(({ file }) => file)));
  const earlier = command.mode === ALL_MODES ? undefined : await findEarlierRender(command.out, target.kind, env.signal);
  let createdFolder = false;
  if (target.kind === 'folder') {
    createdFolder = await prepareFolderOutput(command.out);
  } else {
    // This tool's own earlier render (every file as its record says) may be replaced by a changed one.
    await prepareFileOutput(command.out, command.overwrite || earlier?.intact === true);
  }
  try {
    return await render(command, env, mix, inputKind, target, earlier, taps);
  } catch (e) {
    // A folder this run created and left empty is removed; rmdir refuses if any frame is in it.
    if (createdFolder) await rmdir(command.out).catch(() => undefined);
    throw e;
  }
}

async function render(
  command: StylizeCommand, env: CliEnvironment, mix: ReturnType<typeof styleMixOf>, inputKind: InputKind, target: OutputTarget,
  earlier: EarlierRender | undefined, taps: JobTaps | undefined,
): Promise<RenderedJob> {
  const registry = await loadRegistry(command.models ?? env.defaultModelsDir);
  const mode = command.mode === undefined || command.mode === ALL_MODES ? registry.defaultMode : registry.mode(command.mode);
  const styles = await Promise.all(mix.map(async ({ file, weight }) => ({ image: await readImageFile(file, undefined, env.signal), weight })));
  // A still is never steadied: there is no frame before it to carry over.
  const look = lookOf({ ...lookInputOf(command), mode: mode.id, temporal: inputKind === 'image' ? 'off' : command.temporal, style: styles });
  const plan = await planInput(command, inputKind, target, env);
  const matte = command.matte === undefined ? undefined : await Matte.open(command.matte, command.invertMatte ?? false, env);
  const outsideStyle = command.matteStyle === undefined ? undefined : await readImageFile(command.matteStyle, undefined, env.signal);
  const extras: CliLook = {
    keyframes: command.keyframes === undefined ? undefined
      : await readKeyframesFile(command.keyframes, plan.kind === 'video' ? plan.info.frameRate : undefined, mix.length, command.input, env.signal),
    matte: matte && { frames: matte.digests, inverted: command.invertMatte ?? false, outsideStyle: outsideStyle && styleDigest(outsideStyle) },
  };
  const identity = command.mode === ALL_MODES
    ? undefined : cliRenderIdentity(look, mode, target, await renderSourceOf(plan, command.input, env.signal), extras);
  const verdict = identity && reuseVerdict(earlier, identity, outputFrameFiles(plan, target), command.overwrite);
  if (verdict?.reuse) {
    env.log(`Reused: ${command.out} already holds this render (same input, settings, style and models); nothing to do. Add --overwrite to render it again.`);
    return { mode, result: { total: 0, rendered: 0, alreadyRendered: 0, seconds: 0 } };
  }
  if (verdict?.changed) env.log(`${command.out} was rendered with other settings (or another input, style or models): rendering it again.`);
  throwIfCancelled(env.signal);

  const service = env.createService(registry);
  const cancel = cancelSignalOf(env.signal);
  try {
    if (command.mode === ALL_MODES && plan.kind === 'image') {
      const started = Date.now();
      await writeImageFile(command.out, await renderModeStrip(look, plan.image, registry, service, cancel));
      return { mode, result: { total: 1, rendered: 1, alreadyRendered: 0, seconds: (Date.now() - started) / 1000 } };
    }
    const job = tapped(jobFor(plan, command, target, env, verdict?.resume ?? false), taps);
    const matted = matte?.inJob(job, outsideStyle, env.signal);
    const progress = new ProgressReporter(env.stdout, job.label);
    let result: RenderResult;
    try {
      result = await runRenderJob({
        ...job,
        service,
        jobId: randomUUID(),
        look,
        placement: { keyframes: extras.keyframes, region: matted?.region },
        open: matted?.open ?? job.open,
        onResume: (done, total) => {
          if (done > 0) env.log(`Resuming: ${done} of ${total} frames are already rendered in the output folder.`);
          if (done === total) env.log(`Nothing to do: every selected frame is already in ${command.out}.`);
        },
        onProgress: (p) => progress.update(p),
        signal: cancel,
      });
    } finally {
      progress.finish();
    }
    if (identity) await recordCliRender(command.out, target.kind, identity, outputFrameFiles(plan, target), verdict?.reuse === false ? verdict.resume : false, env.signal);
    return { mode, result };
  } finally {
    await matte?.close();
    await service.dispose();
  }
}

export function registerStylize(program: Command, { env }: CliContext): void {
  withLookOptions(program.command('stylize')
    .description('stylize an image, a video or a folder of numbered frames; inputs are never modified')
    .argument('<input>', 'an image, a video or a folder of numbered frames')
    .requiredOption('--style <image>', 'the style image to apply; repeat (2 to 4 times) to mix styles', collect)
    .requiredOption('--out <path>', 'where to write the result; its extension picks image, video or folder (no extension)')
    .option('--mode <id>', "a mode from `models list` (default: the models' default), or `all` for a labelled contact strip of every mode (images only)"))
    .option('--overwrite', 'render again even when --out already holds this render, and replace an image or video that this tool did not make', false)
    .option('--models <dir>', 'the models folder')
    .addHelpText('after', () => stylizeHelpText(env.defaultModelsDir))
    .action(async (input: string, options: Omit<StylizeCommand, 'input'>) => {
      const command: StylizeCommand = { input, ...options };
      const { mode, result } = await runStylize(command, env);
      if (result.rendered > 0) {
        env.log(`Done: ${result.rendered} frame${result.rendered === 1 ? '' : 's'} with ${command.mode === ALL_MODES ? 'every mode' : mode.id} in ${result.seconds.toFixed(1)} s → ${command.out}`);
      }
    });
}
