/**
 * `workshop gitops …` as a workflow step runs it: outputs into GITHUB_OUTPUT, Markdown into
 * GITHUB_STEP_SUMMARY, a failure as exit code 1 with the reason on stderr.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/github-files.js';
import { parseOutputFile } from '../support/github-runner.js';
import { run } from '../support/process.js';

async function gitops(args: readonly string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'gitops-cli-'));
  const env = {
    ...process.env,
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
  };
  await writeFile(env.GITHUB_OUTPUT, '');
  await writeFile(env.GITHUB_STEP_SUMMARY, '');
  const result = await run(
    join(ROOT, 'node_modules', '.bin', 'tsx'),
    [join(ROOT, 'actions', 'workshop.ts'), 'gitops', ...args],
    { cwd: ROOT, env, timeoutMs: 60_000 },
  );
  return {
    ...result,
    outputs: parseOutputFile(await readFile(env.GITHUB_OUTPUT, 'utf8')),
    summary: await readFile(env.GITHUB_STEP_SUMMARY, 'utf8'),
  };
}

test('expired, on a schedule long after every team expired, destroys them all', async () => {
  const result = await gitops(['expired', '--event', 'schedule', '--now', '2999-01-01']);
  expect(result.code).toBe(0);
  expect(result.outputs).toMatchObject({ any: 'true', destroy: 'true', 'dry-run': 'false' });
  expect(JSON.parse(result.outputs.matrix ?? '{}')).toMatchObject({
    include: expect.arrayContaining([expect.objectContaining({ team: 'retail-bank' })]),
  });
  expect(result.summary).toContain('## Expired environments');
});

test('changed-teams between a commit and itself changes nobody', async () => {
  const result = await gitops(['changed-teams', '--base', 'HEAD', '--head', 'HEAD']);
  expect(result.code).toBe(0);
  expect(result.outputs).toMatchObject({ teams: '[]', any: 'false', 'any-teardown': 'false' });
});

test('a bad flag fails the step and says what is expected', async () => {
  const result = await gitops(['expired', '--grace-days', 'soon']);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('--grace-days must be a whole number from 0 to 365, got "soon"');
  expect(result.outputs).toEqual({});
});
