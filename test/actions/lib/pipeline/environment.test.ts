import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../../../contracts/environment/load.js';
import { resolveEnvironment } from '../../../../actions/lib/pipeline/environment.js';

const EXAMPLE = readFileSync(
  fileURLToPath(new URL('../../../../environments/retail-bank.yaml', import.meta.url)),
  'utf8',
);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'resolve-environment-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const write = (name: string, text = EXAMPLE) => writeFile(join(dir, name), text, 'utf8');

test('without --team, the only team is chosen', async () => {
  await write('retail-bank.yaml');
  await expect(resolveEnvironment(dir, undefined)).resolves.toMatchObject({ team: 'retail-bank' });
});

test('without --team, one team written as x.yaml and x.yml is refused, not counted twice', async () => {
  await write('retail-bank.yaml');
  await write('retail-bank.yml');
  const error = await resolveEnvironment(dir, undefined).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as Error).message).toContain('team "retail-bank" already has');
});

test('without --team, several teams ask for one', async () => {
  await write('retail-bank.yaml');
  await write('card-fraud.yaml', EXAMPLE.replace('team: retail-bank', 'team: card-fraud'));
  await expect(resolveEnvironment(dir, undefined)).rejects.toThrow(
    `several teams in ${dir}/ (card-fraud, retail-bank); choose one with --team`,
  );
});

test('a mistyped --team names the team meant', async () => {
  await write('retail-bank.yaml');
  await expect(resolveEnvironment(dir, 'retial-bank')).rejects.toThrow(
    `no ${dir}/retial-bank.yaml; did you mean retail-bank? (teams: retail-bank)`,
  );
});
