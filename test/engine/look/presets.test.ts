import { CoherentStyleError } from '../../../src/engine/errors';
import { lookSettingsOf, MIN_RENDER_SHORT_SIDE } from '../../../src/engine/look/look';
import {
  addPreset, deletePreset, emptyPresetFile, parsePresetFile, parsePresetFileText, presetLook, renamePreset,
  serializePresetFile, setDefaultPreset, type NewPreset, type PresetFile,
} from '../../../src/engine/look/presets';

const look = (name: string, overrides: Partial<NewPreset> = {}): NewPreset => ({
  name,
  style: { fileName: 'starry-night.jpg', sha256: 'a'.repeat(64), relativePath: 'styles/starry-night.jpg' },
  mode: 'artistic',
  strength: 0.8,
  renderShortSide: 720,
  ...overrides,
});

function presetError(run: () => unknown): CoherentStyleError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(CoherentStyleError);
    expect((e as CoherentStyleError).code).toBe('PRESET_INVALID');
    return e as CoherentStyleError;
  }
  throw new Error('expected PRESET_INVALID');
}

function twoPresets(): PresetFile {
  const first = addPreset(emptyPresetFile(), look('Van Gogh night'));
  return addPreset(first.file, look('Soft pastel', { mode: 'artistic-soft', strength: 0.5 })).file;
}

describe('presets', () => {
  it('adds presets with ids derived from their names, leaving the input file unchanged', () => {
    const empty = emptyPresetFile();
    const { file, preset } = addPreset(empty, look('  Van Gogh — Night! '));
    expect(preset.id).toBe('van-gogh-night');
    expect(preset.name).toBe('Van Gogh — Night!');
    expect(file.presets).toHaveLength(1);
    expect(empty.presets).toHaveLength(0);
    const again = addPreset(file, look('van gogh night 2')).preset;
    expect(again.id).toBe('van-gogh-night-2');
    expect(addPreset(emptyPresetFile(), look('☆☆')).preset.id).toBe('preset');
  });

  it('derives a fresh id when the name-based one is taken', () => {
    let file = addPreset(emptyPresetFile(), look('Night')).file;
    file = renamePreset(file, 'night', 'Day');
    expect(addPreset(file, look('Night')).preset.id).toBe('night-2');
  });

  it('refuses a duplicate name (ignoring case) and an invalid preset, saying why', () => {
    const file = twoPresets();
    expect(presetError(() => addPreset(file, look('SOFT PASTEL'))).message).toMatch(/A preset named "Soft pastel" already exists/);
    expect(presetError(() => addPreset(file, look('Too strong', { strength: 1.5 }))).message)
      .toMatch(/cannot be saved: strength: /);
    expect(presetError(() => addPreset(file, look('Blank', { renderShortSide: 0 }))).message).toMatch(/renderShortSide/);
    expect(presetError(() => addPreset(file, look('   '))).message).toMatch(/name: must not be empty/);
  });

  it('renames without changing the id and refuses a name that is taken', () => {
    const file = twoPresets();
    const renamed = renamePreset(file, 'soft-pastel', 'Pastel dream');
    expect(renamed.presets.map((p) => [p.id, p.name])).toEqual([['van-gogh-night', 'Van Gogh night'], ['soft-pastel', 'Pastel dream']]);
    expect(file.presets[1].name).toBe('Soft pastel');
    expect(renamePreset(file, 'soft-pastel', 'soft PASTEL').presets[1].name).toBe('soft PASTEL');
    presetError(() => renamePreset(file, 'soft-pastel', 'Van Gogh Night'));
    expect(presetError(() => renamePreset(file, 'gone', 'x')).message).toMatch(/no preset with id "gone"/);
  });

  it('sets, clears and follows deletion of the default', () => {
    const file = setDefaultPreset(twoPresets(), 'soft-pastel');
    expect(file.defaultPresetId).toBe('soft-pastel');
    expect(setDefaultPreset(file, undefined).defaultPresetId).toBeUndefined();
    expect(deletePreset(file, 'van-gogh-night').defaultPresetId).toBe('soft-pastel');
    const withoutDefault = deletePreset(file, 'soft-pastel');
    expect(withoutDefault.defaultPresetId).toBeUndefined();
    expect(withoutDefault.presets.map((p) => p.id)).toEqual(['van-gogh-night']);
    presetError(() => setDefaultPreset(file, 'gone'));
    presetError(() => deletePreset(file, 'gone'));
  });

  it('round-trips through its text form', () => {
    const file = setDefaultPreset(twoPresets(), 'van-gogh-night');
    expect(parsePresetFileText(serializePresetFile(file))).toEqual(file);
  });

  it('reports damaged files with the field at fault', () => {
    expect(presetError(() => parsePresetFileText('{"version":1,')).message).toMatch(/not valid JSON/);
    const file = twoPresets();
    const broken = { ...file, presets: [file.presets[0], { ...file.presets[1], strength: 'high' }] };
    expect(presetError(() => parsePresetFile(broken)).message).toMatch(/damaged: presets\.1\.strength: /);
    expect(presetError(() => parsePresetFile({ ...file, defaultPresetId: 'gone' })).message).toMatch(/defaultPresetId: defaultPresetId must name a listed preset/);
    expect(presetError(() => parsePresetFile({ ...file, presets: [file.presets[0], file.presets[0]] })).message).toMatch(/preset ids must be unique/);
    expect(presetError(() => parsePresetFile(null)).message).toMatch(/damaged/);
  });

  it('asks for an update when the file comes from a newer version', () => {
    expect(presetError(() => parsePresetFile({ version: 4, presets: [] })).message).toMatch(/newer version.*Update the plugin/);
  });

  it('loads a version-1 file as the looks it saved (colours not kept, scale 1, steadiness normal) and writes it back as version 3', () => {
    const v1 = {
      version: 1,
      presets: [{ id: 'night', name: 'Night', style: { fileName: 'n.png', sha256: 'b'.repeat(64) }, mode: 'artistic', strength: 0.6, renderShortSide: 720 }],
      defaultPresetId: 'night',
    };
    const file = parsePresetFileText(JSON.stringify(v1));
    expect(file.version).toBe(3);
    expect(file.presets[0]).toEqual({ ...v1.presets[0], keepColors: false, styleScale: 1, temporal: 'normal' });
    expect(JSON.parse(serializePresetFile(file))).toMatchObject({ version: 3, presets: [{ keepColors: false, styleScale: 1 }] });
  });

  it('translates the render size of versions 1 and 2: 4320 was the sequence\'s own size, sizes below the Look\'s smallest rise to it', () => {
    const preset = (id: string, renderShortSide: number) => ({ id, name: id, style: { fileName: 'n.png', sha256: 'b'.repeat(64) }, mode: 'artistic', strength: 0.6, renderShortSide });
    for (const version of [1, 2]) {
      const file = parsePresetFile({ version, presets: [preset('sequence', 4320), preset('tiny', 1), preset('hd', 1080)] });
      expect(file.presets.map((p) => p.renderShortSide)).toEqual([undefined, MIN_RENDER_SHORT_SIDE, 1080]);
      expect('renderShortSide' in file.presets[0]).toBe(false);
    }
    // Version 3 keeps the Look's bounds: 4320 is 4320, and a size below the smallest is refused.
    expect(parsePresetFile({ version: 3, presets: [preset('uhd', 4320)] }).presets[0].renderShortSide).toBe(4320);
    expect(presetError(() => parsePresetFile({ version: 3, presets: [preset('tiny', 1)] })).message).toMatch(/renderShortSide/);
  });

  it('is a named Look: presetLook gives its settings and its styles as a mix', () => {
    const reference = look('x').style;
    const ink = { fileName: 'ink.png', sha256: 'c'.repeat(64) };
    const { preset } = addPreset(emptyPresetFile(), look('Mixed', { renderShortSide: undefined, mix: { style: ink, share: 0.25 } }));
    expect(presetLook(preset)).toEqual({
      settings: { mode: 'artistic', strength: 0.8, keepColors: false, styleScale: 1, temporal: 'normal' },
      styles: [{ style: reference, weight: 0.75 }, { style: ink, weight: 0.25 }],
    });
    expect(() => lookSettingsOf(presetLook(preset).settings)).not.toThrow();
  });

  it('keeps the editor controls of a version-2 preset and refuses a style scale out of range', () => {
    const { file } = addPreset(emptyPresetFile(), look('Pastel', { keepColors: true, styleScale: 2.5 }));
    expect(parsePresetFileText(serializePresetFile(file)).presets[0]).toMatchObject({ keepColors: true, styleScale: 2.5 });
    expect(presetError(() => addPreset(emptyPresetFile(), look('Huge', { styleScale: 9 }))).message).toMatch(/styleScale/);
  });
});
