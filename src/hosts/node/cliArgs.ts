/**
 * What the CLI's commands take, as typed values, and the parsers commander runs on option values.
 * Every mistake is INVALID_ARGUMENT with a sentence saying what to type instead (exit code 2).
 */
import { CoherentStyleError } from '../../engine/errors';

export interface FrameSpan {
  /** First frame, 0-based. */
  first: number;
  /** Last frame, inclusive; undefined: to the end. */
  last?: number;
}

export interface StylizeCommand {
  input: string;
  style: string;
  /** Mode id; undefined: the models' default mode. */
  mode?: string;
  out: string;
  strength: number;
  /** Keep the input's own colours (stylized luma, input chroma). */
  keepColors?: boolean;
  /** Short side to render at; undefined: the mode's recommendation. */
  size?: number;
  frames?: FrameSpan;
  overwrite: boolean;
  models?: string;
}

export interface ModelsCommand {
  action: 'list' | 'verify';
  models?: string;
}

export interface DemoCommand {
  models?: string;
  /** Folder the demo writes into; default out/ in the repository. */
  out?: string;
  size?: number;
}

export function usageError(message: string): CoherentStyleError {
  return new CoherentStyleError('INVALID_ARGUMENT', `${message}\nRun \`coherent-style --help\` for usage.`);
}

export function parseFrameSpan(text: string): FrameSpan {
  const match = /^(\d+)(?:-(\d*))?$/.exec(text.trim());
  if (!match) throw usageError(`--frames must look like 10-19, 10- or 7 (0-based frame numbers), got "${text}".`);
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : match[2] === '' ? undefined : Number(match[2]);
  if (last !== undefined && last < first) throw usageError(`--frames ${text}: the last frame comes before the first.`);
  return { first, last };
}

export function parseStrength(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw usageError(`--strength must be a number from 0 to 1, got "${text}".`);
  }
  return value;
}

export function parseSize(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < 16 || value > 8192) {
    throw usageError(`--size must be a whole number of pixels from 16 to 8192 (the short side to render at), got "${text}".`);
  }
  return value;
}

/** A parser for a whole-number option within [min, max]. */
export function wholeNumber(flag: string, min: number, max: number): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!/^\d+$/.test(text.trim()) || value < min || value > max) throw usageError(`${flag} must be a whole number from ${min} to ${max}, got "${text}".`);
    return value;
  };
}
