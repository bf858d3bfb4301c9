import { existsSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { declaredInputs, everyStep, ROOT } from '../support/github-files.js';

/** Every step that runs an action of this repository (`uses: ./…`), with where it is. */
const localUses = everyStep().flatMap(({ where, step }) =>
  step.uses?.startsWith('./') === true
    ? [{ where: `${where} (${step.name})`, step: { ...step, uses: step.uses } }]
    : [],
);

test('the workflows use each of the three pipeline actions', () => {
  const used = new Set(localUses.map((u) => normalize(u.step.uses)));
  for (const action of [
    'actions/migrate-redshift',
    'actions/train-kmeans',
    'actions/publish-quicksight',
  ]) {
    expect(used).toContain(action);
  }
});

describe.each(localUses.map((u) => [u.where, u] as const))('%s', (_where, { step }) => {
  const dir = normalize(step.uses);

  test(`${dir} is an action of this repository`, () => {
    expect(existsSync(join(ROOT, dir, 'action.yml'))).toBe(true);
  });

  test('passes only inputs the action declares', () => {
    const declared = declaredInputs(dir);
    const undeclared = Object.keys(step.with ?? {}).filter((name) => !declared.has(name));
    expect(undeclared).toEqual([]);
  });

  test('passes every required input that has no default', () => {
    const missing = [...declaredInputs(dir)]
      .filter(
        ([name, input]) =>
          input.required && input.default === undefined && !(name in (step.with ?? {})),
      )
      .map(([name]) => name);
    expect(missing).toEqual([]);
  });
});
