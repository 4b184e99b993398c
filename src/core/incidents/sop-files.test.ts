import { createHash } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/support/temp-dir';
import { refuseInputValue } from '../../shared/domain/sop-checklist';
import { describeSopError, parseSopYaml, readSopFolder, type SopFileError, type SopParse } from './sop-files';

const tempDir = useTempDirs();
const shippedFolder = fileURLToPath(new URL('../../../resources/sops', import.meta.url));

/** A small valid template; the numbers are the line numbers the tests below assert. */
const validLines = [
  'slug: camera-down', // 1
  'name: Camera down', // 2
  'steps:', // 3
  '  - id: restart', // 4
  '    title: Restart the camera', // 5
  '  - id: works', // 6
  '    title: Is the video back?', // 7
  '    kind: yes-no', // 8
  '    onYes: end', // 9
  '  - id: ticket', // 10
  '    title: Raise a vendor ticket', // 11
  '    kind: input', // 12
  '    input:', // 13
  '      label: Recorder vendor ticket number', // 14
  "      pattern: '^[A-Z]{3}-\\d{4,8}$'", // 15
];
const valid = validLines.join('\n');

/** The valid template with line `lineNumber` replaced (or removed, for null). */
function withLine(lineNumber: number, replacement: string | null): string {
  const lines = [...validLines];
  if (replacement === null) lines.splice(lineNumber - 1, 1);
  else lines[lineNumber - 1] = replacement;
  return lines.join('\n');
}

function errorsOf(result: SopParse): SopFileError[] {
  if (result.ok) throw new Error('Expected the template to be refused');
  return result.errors;
}

describe('the shipped SOP templates', () => {
  const shipped = readSopFolder(shippedFolder);

  it('are the eight control-room templates, and every one is valid', () => {
    expect(shipped.map((entry) => entry.file)).toEqual([
      'backup-failure.yaml',
      'camera-down.yaml',
      'data-breach.yaml',
      'duress-alarm.yaml',
      'fire-alarm.yaml',
      'intrusion-alarm.yaml',
      'panel-comms-lost.yaml',
      'uplink-down.yaml',
    ]);
    for (const { file, result } of shipped) {
      if (!result.ok) throw new Error(result.errors.map(describeSopError).join('\n'));
      expect(`${result.template.slug}.yaml`).toBe(file);
      expect(result.template.steps.length, file).toBeGreaterThanOrEqual(5);
      expect(result.template.steps.length, file).toBeLessThanOrEqual(10);
    }
  });

  it('show examples that their own input patterns accept', () => {
    for (const { file, result } of shipped) {
      if (!result.ok) continue;
      for (const step of result.template.steps) {
        if (step.input === null) continue;
        expect(step.input.pattern, `${file} ${step.id}`).not.toBeNull();
        // Checked as the console checks a value: the linear engine, whole value.
        expect(refuseInputValue(step.input, step.input.example), `${file} ${step.id}`).toBeNull();
      }
    }
  });

  it('keep camera-down short: checks, one yes/no and the vendor ticket', () => {
    const cameraDown = shipped.find((entry) => entry.file === 'camera-down.yaml')?.result;
    if (!cameraDown?.ok) throw new Error('camera-down.yaml is missing or invalid');
    const steps = cameraDown.template.steps;
    expect(steps.length).toBeLessThanOrEqual(6);
    expect(steps.filter((step) => step.kind === 'yes-no')).toHaveLength(1);
    expect(steps.filter((step) => step.kind === 'input').map((step) => step.input)).toEqual([
      { label: 'Recorder vendor ticket number', pattern: '^[A-Z]{3}-\\d{4,8}$', example: 'NVR-20931' },
    ]);
  });
});

describe('parsing one SOP file', () => {
  it('accepts a valid template, fills in the defaults and hashes the text', () => {
    const result = parseSopYaml('camera-down.yaml', valid);
    expect(result).toMatchObject({ ok: true, contentHash: createHash('sha256').update(valid).digest('hex') });
    if (!result.ok) return;
    expect(result.template.steps[0]).toEqual({
      id: 'restart',
      title: 'Restart the camera',
      detail: '',
      required: true,
      role: null,
      timeLimitMinutes: null,
      kind: 'check',
      onYes: null,
      onNo: null,
      input: null,
      page: null,
    });
    const edited = parseSopYaml('camera-down.yaml', withLine(5, '    title: Restart the recorder'));
    expect(edited.ok && edited.contentHash).not.toBe(result.contentHash);
  });

  it('names the line of a YAML syntax error', () => {
    expect(errorsOf(parseSopYaml('camera-down.yaml', withLine(7, '\ttitle: Is the video back?')))).toEqual([
      { file: 'camera-down.yaml', line: 7, field: null, message: 'Tabs are not allowed as indentation' },
    ]);
    expect(errorsOf(parseSopYaml('camera-down.yaml', withLine(9, '    kind: check')))).toEqual([
      { file: 'camera-down.yaml', line: 9, field: null, message: 'Map keys must be unique' },
    ]);
  });

  it('refuses an unknown step kind on its line', () => {
    const [error, ...others] = errorsOf(parseSopYaml('camera-down.yaml', withLine(8, '    kind: maybe')));
    expect(others).toEqual([]);
    expect(error).toMatchObject({ file: 'camera-down.yaml', line: 8, field: 'steps.1.kind' });
    expect(error?.message).toContain('yes-no');
  });

  it('refuses an input pattern that is not a regular expression', () => {
    const errors = errorsOf(parseSopYaml('camera-down.yaml', withLine(15, "      pattern: '^[A-Z'")));
    expect(errors.map(describeSopError)).toEqual([
      'camera-down.yaml line 15, steps.2.input.pattern: Not a valid regular expression (missing closing ]: `[A-Z`)',
    ]);
  });

  it('refuses an input pattern that only a backtracking engine could run, naming the line', () => {
    const errors = errorsOf(parseSopYaml('camera-down.yaml', withLine(15, "      pattern: '^(?<=NVR)-\\d+$'")));
    expect(errors.map(describeSopError)).toEqual([
      'camera-down.yaml line 15, steps.2.input.pattern: Look-ahead and look-behind, such as (?=…) or (?!…), are not supported: write the pattern without them',
    ]);
  });

  it('refuses a branch to a step that does not exist', () => {
    expect(errorsOf(parseSopYaml('camera-down.yaml', withLine(9, '    onYes: call-vendor')))).toEqual([
      { file: 'camera-down.yaml', line: 9, field: 'steps.1.onYes', message: 'There is no step "call-vendor"' },
    ]);
  });

  it('refuses a branch back to an earlier step', () => {
    expect(errorsOf(parseSopYaml('camera-down.yaml', withLine(9, '    onNo: restart')))).toEqual([
      {
        file: 'camera-down.yaml',
        line: 9,
        field: 'steps.1.onNo',
        message: '"restart" comes before this step; a branch may only go forward',
      },
    ]);
  });

  it('refuses a step id used twice, on the second one', () => {
    expect(errorsOf(parseSopYaml('camera-down.yaml', withLine(10, '  - id: restart')))).toEqual([
      { file: 'camera-down.yaml', line: 10, field: 'steps.2.id', message: 'Step id "restart" is used twice' },
    ]);
  });

  it('refuses a missing title on the line of its step', () => {
    expect(errorsOf(parseSopYaml('camera-down.yaml', withLine(5, null)))).toEqual([
      { file: 'camera-down.yaml', line: 4, field: 'steps.0.title', message: 'Missing: this field is required' },
    ]);
  });

  it('refuses a slug that differs from the file name, saying what it should be', () => {
    const errors = errorsOf(parseSopYaml('uplink-down.yaml', valid));
    expect(errors).toEqual([
      { file: 'uplink-down.yaml', line: 1, field: 'slug', message: expect.stringContaining('"uplink-down"') as string },
    ]);
    // A .yml file is named by its slug just the same.
    expect(parseSopYaml('camera-down.yml', valid).ok).toBe(true);
  });

  it('names a misspelt field on its own line', () => {
    expect(errorsOf(parseSopYaml('camera-down.yaml', withLine(5, '    titel: Restart the camera')))).toEqual([
      { file: 'camera-down.yaml', line: 4, field: 'steps.0.title', message: 'Missing: this field is required' },
      { file: 'camera-down.yaml', line: 5, field: 'steps.0.titel', message: 'Unknown field "titel"; did you mean "title"?' },
    ]);
  });

  it('refuses a broken character (a lone surrogate spelt \ud800 in YAML) on its line, together with every other problem', () => {
    const text = [
      ...validLines.slice(0, 4),
      '    title: "Restart \\ud800 the camera"',
      '    "\\udc00": surprise',
      ...validLines.slice(5, 7),
      '    kind: maybe',
      ...validLines.slice(8),
    ].join('\n');
    const errors = errorsOf(parseSopYaml('camera-down.yaml', text));
    expect(errors).toEqual([
      {
        file: 'camera-down.yaml',
        line: 5,
        field: 'steps.0.title',
        message: 'contains a broken character (a lone UTF-16 surrogate); retype or paste it again',
      },
      { file: 'camera-down.yaml', line: 6, field: 'steps.0.\ufffd', message: 'Unknown field "\ufffd"' },
      { file: 'camera-down.yaml', line: 9, field: 'steps.1.kind', message: expect.any(String) },
    ]);
    expect(errors.every((error) => error.message.isWellFormed() && (error.field ?? '').isWellFormed())).toBe(true);
  });

  it('reports every problem at once, in line order, with the key line of a nested block', () => {
    const text = [
      ...validLines.slice(0, 5),
      '    input:',
      '      label: Nothing to enter',
      ...validLines.slice(5, 8),
      '    onYes: restart',
    ].join('\n');
    expect(errorsOf(parseSopYaml('camera-down.yaml', text)).map(describeSopError)).toEqual([
      'camera-down.yaml line 6, steps.0.input: Only an input step takes an input',
      'camera-down.yaml line 11, steps.1.onYes: "restart" comes before this step; a branch may only go forward',
    ]);
  });

  it('refuses an empty file and a file that is not a mapping', () => {
    expect(errorsOf(parseSopYaml('camera-down.yaml', ''))).toEqual([
      { file: 'camera-down.yaml', line: null, field: null, message: 'The file is empty' },
    ]);
    expect(errorsOf(parseSopYaml('camera-down.yaml', '# steps to follow\n'))).toEqual([
      { file: 'camera-down.yaml', line: null, field: null, message: 'The file is empty' },
    ]);
    expect(errorsOf(parseSopYaml('camera-down.yaml', '- restart\n- ticket\n'))).toEqual([
      { file: 'camera-down.yaml', line: 1, field: null, message: expect.stringContaining('mapping') as string },
    ]);
  });

  it('refuses a file of nested aliases instead of expanding it', () => {
    const aliasBomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    expect(errorsOf(parseSopYaml('camera-down.yaml', aliasBomb))).toEqual([
      { file: 'camera-down.yaml', line: null, field: null, message: expect.stringContaining('alias') as string },
    ]);
  });

  // A 200 KB import of 40,000 keys held core's event loop for 20 s: the yaml package's duplicate-key
  // check compared every key with every earlier one, and each unknown key's line was a search of its map.
  it('refuses a file longer than a template can be before parsing it, naming its length', () => {
    const longFile = `${valid}\n${Array.from({ length: 40_000 }, (_, i) => `${i}:`).join('\n')}`;
    const startedAt = performance.now();
    const errors = errorsOf(parseSopYaml('camera-down.yaml', longFile));
    expect(performance.now() - startedAt).toBeLessThan(100);
    expect(errors).toEqual([
      { file: 'camera-down.yaml', line: 5001, field: null, message: 'A template file has at most 5,000 lines; this one has 40,015' },
    ]);
  });

  it('finds the earliest key written twice among thousands, in a nested map before a later one at the top', () => {
    const keys = Array.from({ length: 4_900 }, (_, i) => `k${i}: 1`);
    const nestedTwice = withLine(8, '    kind: yes-no\n    title: Again');
    const text = `${nestedTwice}\n${keys.join('\n')}\nk7: 2`;
    const startedAt = performance.now();
    const errors = errorsOf(parseSopYaml('camera-down.yaml', text));
    expect(performance.now() - startedAt).toBeLessThan(500);
    expect(errors).toEqual([{ file: 'camera-down.yaml', line: 9, field: null, message: 'Map keys must be unique' }]);
    expect(errorsOf(parseSopYaml('camera-down.yaml', `${valid}\n${keys.join('\n')}\nk7: 2`))).toEqual([
      { file: 'camera-down.yaml', line: 4_916, field: null, message: 'Map keys must be unique' },
    ]);
  });

  it('names the first 20 unknown fields of a map on their lines and counts the rest in one more error', () => {
    const unknown = Array.from({ length: 4_900 }, (_, i) => `k${i}: 1`);
    const errors = errorsOf(parseSopYaml('camera-down.yaml', `${valid}\n${unknown.join('\n')}`));
    expect(errors).toHaveLength(21);
    expect(errors[0]).toEqual({ file: 'camera-down.yaml', line: 16, field: 'k0', message: 'Unknown field "k0"' });
    expect(errors[19]).toEqual({ file: 'camera-down.yaml', line: 35, field: 'k19', message: 'Unknown field "k19"' });
    expect(errors[20]).toEqual({ file: 'camera-down.yaml', line: 36, field: 'k20', message: '4,880 more unknown fields from here on' });
  });

  it('describes an error without a line or field by its file alone', () => {
    expect(describeSopError({ file: 'camera-down.yaml', line: null, field: null, message: 'The file is empty' })).toBe(
      'camera-down.yaml: The file is empty',
    );
    expect(describeSopError({ file: 'camera-down.yaml', line: 3, field: null, message: 'Map keys must be unique' })).toBe(
      'camera-down.yaml line 3: Map keys must be unique',
    );
  });
});

describe('reading a folder of SOP files', () => {
  it('gives nothing for a folder that does not exist', () => {
    expect(readSopFolder(join(tempDir(), 'sops'))).toEqual([]);
  });

  it('parses the .yaml and .yml files in name order and ignores everything else', () => {
    const folder = tempDir();
    writeFileSync(join(folder, 'uplink-down.yaml'), valid.replace('slug: camera-down', 'slug: uplink-down'));
    writeFileSync(join(folder, 'camera-down.yml'), valid);
    writeFileSync(join(folder, 'notes.txt'), 'slug: [not yaml');
    mkdirSync(join(folder, 'old.yaml'));
    const read = readSopFolder(folder);
    expect(read.map(({ file, result }) => ({ file, ok: result.ok }))).toEqual([
      { file: 'camera-down.yml', ok: true },
      { file: 'uplink-down.yaml', ok: true },
    ]);
  });

  it('refuses a bad file by name and still reads the others', () => {
    const folder = tempDir();
    writeFileSync(join(folder, 'camera-down.yaml'), valid);
    writeFileSync(join(folder, 'fire-alarm.yaml'), valid);
    symlinkSync(join(folder, 'gone.yaml'), join(folder, 'backup-failure.yaml'));
    const read = readSopFolder(folder);
    expect(read.map(({ file, result }) => (result.ok ? `${file}: ok` : result.errors.map(describeSopError).join('; ')))).toEqual([
      expect.stringMatching(/^backup-failure\.yaml: Could not read the file: ENOENT/),
      'camera-down.yaml: ok',
      expect.stringMatching(/^fire-alarm\.yaml line 1, slug: /),
    ]);
  });
});
