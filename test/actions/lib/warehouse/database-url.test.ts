import { expect, test } from '@jest/globals';
import { redact } from '../../../../actions/lib/warehouse/database-url.js';

test('the password of a database URL is hidden, the rest kept', () => {
  expect(redact('postgres://workshop:s3cret@db.example:5433/rfm?sslmode=require')).toBe(
    'postgres://workshop:***@db.example:5433/rfm?sslmode=require',
  );
  expect(redact('postgres://workshop@localhost/rfm')).toBe('postgres://workshop@localhost/rfm');
});

test('text that is not a URL is not echoed', () => {
  const shown = redact('host=db user=workshop password=s3cret');
  expect(shown).not.toContain('s3cret');
  expect(shown).toMatch(/not a valid URL/);
});
