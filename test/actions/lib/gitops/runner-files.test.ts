import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  formatStepOutputs,
  requireVariables,
  writeJobSummary,
  writeStepOutputs,
} from '../../../../actions/lib/gitops/runner-files.js';
import { parseOutputFile } from '../../../support/github-runner.js';

test('outputs are written as heredocs, so values may hold newlines', () => {
  const text = formatStepOutputs({ matrix: '{"include":[]}', notes: 'a\nb' }, () => 'EOF_1');
  expect(text).toBe('matrix<<EOF_1\n{"include":[]}\nEOF_1\nnotes<<EOF_1\na\nb\nEOF_1\n');
  expect(parseOutputFile(text)).toEqual({ matrix: '{"include":[]}', notes: 'a\nb' });
});

test('a value containing its delimiter, or a bad name, is refused', () => {
  expect(() => formatStepOutputs({ x: 'EOF_1' }, () => 'EOF_1')).toThrow(/contains its delimiter/);
  expect(() => formatStepOutputs({ 'a b': '1' })).toThrow('step output name "a b" is not valid');
});

test('outputs and summaries append to the runner files, or go to the fallback outside Actions', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'runner-files-'));
  const env = { GITHUB_OUTPUT: join(dir, 'out'), GITHUB_STEP_SUMMARY: join(dir, 'summary') };
  await writeFile(env.GITHUB_OUTPUT, 'earlier<<X\n1\nX\n');
  await writeStepOutputs({ any: 'true' }, env, () => undefined);
  await writeJobSummary('## one', env, () => undefined);
  await writeJobSummary('## two\n', env, () => undefined);
  expect(parseOutputFile(await readFile(env.GITHUB_OUTPUT, 'utf8'))).toEqual({
    earlier: '1',
    any: 'true',
  });
  expect(await readFile(env.GITHUB_STEP_SUMMARY, 'utf8')).toBe('## one\n## two\n');

  const printed: string[] = [];
  await writeStepOutputs({ any: 'false' }, {}, (t) => printed.push(t));
  await writeJobSummary('## three', { GITHUB_STEP_SUMMARY: '' }, (t) => printed.push(t));
  expect(printed).toEqual(['{\n  "any": "false"\n}', '## three']);
});

test('requireVariables names every missing variable and where to set it', () => {
  expect(() => requireVariables({ A: 'x' }, ['A'])).not.toThrow();
  expect(() => requireVariables({ A: ' ', C: 'y' }, ['A', 'B', 'C'])).toThrow(
    /^A, B are not set: add them under Settings → Secrets and variables → Actions → Variables/,
  );
});
