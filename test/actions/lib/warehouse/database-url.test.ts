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

test('a URL without the postgres scheme is not echoed: user:secret@host reads as a scheme', () => {
  for (const text of ['workshop:s3cret@db.example/rfm', 'mysql://workshop:s3cret@db/rfm']) {
    const shown = redact(text);
    expect(shown).not.toContain('s3cret');
    expect(shown).toMatch(/not a valid URL/);
  }
  expect(redact('postgresql://w:s3cret@db/rfm')).toBe('postgresql://w:***@db/rfm');
});
