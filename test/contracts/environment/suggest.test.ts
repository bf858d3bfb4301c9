import { expect, test } from '@jest/globals';
import { closestName } from '../../../contracts/environment/suggest.js';

const FIELDS = ['team', 'region', 'expires', 'owners', 'warehouse', 'model', 'asOf', 'load'];

test.each([
  ['maxErrrors', ['maxErrors'], 'maxErrors'],
  ['retial-bank', ['card-fraud', 'retail-bank'], 'retail-bank'],
  ['regoin', FIELDS, 'region'],
  ['Region', FIELDS, 'region'],
  ['asof', FIELDS, 'asOf'],
])('%s is taken for %s', (word, known, meant) => {
  expect(closestName(word, known)).toBe(meant);
});

test.each([
  ['extra', FIELDS],
  ['tier', ['type', 'baseCapacity', 'database']],
  ['x', ['y']],
  ['team', ['team']],
])('%s has no close name', (word, known) => {
  expect(closestName(word, known)).toBeUndefined();
});

test('the closest of several near names wins', () => {
  expect(closestName('seeds', ['seeded', 'seed'])).toBe('seed');
});
