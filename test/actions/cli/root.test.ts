import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepositoryRoot } from '../../../actions/cli/root.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'repository-root-'));
  for (const dir of ['checkout/environments', 'checkout/sql/migrations', 'checkout/docs/deep']) {
    await mkdir(join(tmp, dir), { recursive: true });
  }
  await mkdir(join(tmp, 'package/src'), { recursive: true });
  await writeFile(join(tmp, 'package/package.json'), JSON.stringify({ name: 'rfm-workshop' }));
  await mkdir(join(tmp, 'other/src'), { recursive: true });
  await writeFile(join(tmp, 'other/package.json'), JSON.stringify({ name: 'something-else' }));
  await mkdir(join(tmp, 'workspace/environments'), { recursive: true });
  await mkdir(join(tmp, 'workspace/data'), { recursive: true });
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

test.each([
  ['the root itself', 'checkout', 'checkout'],
  ['a folder under sql/', 'checkout/sql/migrations', 'checkout'],
  ['any subfolder', 'checkout/docs/deep', 'checkout'],
  ['the environments folder', 'checkout/environments', 'checkout'],
  ['beside the rfm-workshop package.json', 'package/src', 'package'],
  ['a workspace with environments/ only', 'workspace/data', 'workspace'],
])('from %s', (_case, from, root) => {
  expect(findRepositoryRoot(join(tmp, from))).toBe(join(tmp, root));
});

test('another package is not the repository', () => {
  // Nothing above tmp/other is a checkout, unless the machine's temp folder sits in one.
  const found = findRepositoryRoot(join(tmp, 'other/src'));
  expect(found === undefined || !found.startsWith(tmp)).toBe(true);
});
