import { describe, expect, test } from '@jest/globals';
import {
  databaseUrlValues,
  redactDatabaseUrl,
  secretRedactor,
} from '../../../actions/cli/secrets.js';

describe('redactDatabaseUrl', () => {
  test.each([
    ['postgres://me:s3cret@db:5432/rfm', 'postgres://me:***@db:5432/rfm'],
    ['postgres://me:p@ss:w/rd@db/rfm', 'postgres://me:***@db/rfm'],
    ['mysql://me:s3cret@db/rfm', 'mysql://me:***@db/rfm'],
    ['me:s3cret@db/rfm', 'me:***@db/rfm'],
    ['postgres://me@db/rfm', 'postgres://me@db/rfm'],
    ['postgres://db/rfm', 'postgres://db/rfm'],
    ['s3cret', '***'],
  ])('%s → %s', (raw, shown) => {
    expect(redactDatabaseUrl(raw)).toBe(shown);
  });
});

test('the values that may hold a password: the flag, its = form, the variable, URL-shaped typos', () => {
  expect(
    databaseUrlValues(
      [
        'run',
        '--database-url',
        'a:one@h',
        '--database-url=b:two@h',
        '--databse-url=postgres://c:three@h',
        '--team',
        'retail-bank',
      ],
      'postgres://d:four@h/db',
    ),
  ).toEqual(['a:one@h', 'b:two@h', 'postgres://c:three@h', 'postgres://d:four@h/db']);
});

describe('secretRedactor', () => {
  const hide = secretRedactor(['me:pa ss word@db/x']);

  const placeholder = 'Expected postgres://user:password@host:port/database, see owners: a@b.com';
  test.each([
    [
      'a known value even when it is not a well-formed URL',
      "argument 'me:pa ss word@db/x' is invalid",
      "argument 'me:***@db/x' is invalid",
    ],
    [
      'the password of any URL in the text',
      'cannot connect to postgres://u:hunter2@127.0.0.1:1/db: refused',
      'cannot connect to postgres://u:***@127.0.0.1:1/db: refused',
    ],
    [
      'nothing in the documented placeholder and text without credentials',
      placeholder,
      placeholder,
    ],
  ])('hides %s', (_case, text, shown) => {
    expect(hide(text)).toBe(shown);
  });
});
