/**
 * The segment table in code says the same as the warehouse's rule (rfm_segment_rules): each of
 * the 25 cells in the same segment, the segments in the same display order; and its SQL form
 * returns the table as written, on PGlite and DuckDB.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  RFM_SEGMENTS,
  segmentLabelsSql,
  segmentName,
  segmentOfCell,
  segmentRule,
} from '../../../../actions/lib/dashboards/rfm-segments.js';
import type { Warehouse } from '../../../../actions/lib/warehouse/warehouse.js';
import { migratedDuckDb, migratedWarehouse } from '../../../support/warehouse.js';

describe('the ten RFM segments', () => {
  test('cover the 5 x 5 grid exactly once, and each has words and a colour', () => {
    for (let r = 1; r <= 5; r++)
      for (let f = 1; f <= 5; f++) {
        const owners = RFM_SEGMENTS.filter(
          (s) =>
            r >= s.recency[0] && r <= s.recency[1] && f >= s.frequency[0] && f <= s.frequency[1],
        );
        expect([r, f, owners.length]).toEqual([r, f, 1]);
      }
    expect(new Set(RFM_SEGMENTS.map((s) => s.id)).size).toBe(10);
    for (const s of RFM_SEGMENTS) {
      expect(s.definition).toMatch(/^[A-Z].{10,80}\.$/);
      expect(s.action).toMatch(/^[A-Z].{10,80}\.$/);
      expect(s.colour).toMatch(/^#[0-9a-f]{6}$/);
    }
    expect(segmentRule(RFM_SEGMENTS[0]!)).toBe('R 5, F 4-5');
    expect(segmentName('cant_lose_them')).toBe("Can't lose them");
    expect(segmentName('unknown')).toBe('unknown');
  });
});

const ENGINES: [string, () => Promise<Warehouse>][] = [
  ['pglite', migratedWarehouse],
  ['duckdb', migratedDuckDb],
];

describe.each(ENGINES)('the segment table against the warehouse (%s)', (_engine, open) => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await open();
  });
  afterAll(async () => wh?.close());

  test('every cell of rfm_segment_rules is the segment the table gives it, in its order', async () => {
    const rules = await wh.query<{
      r_score: unknown;
      f_score: unknown;
      segment: string;
      segment_order: unknown;
    }>('select r_score, f_score, segment, segment_order from public.rfm_segment_rules');
    expect(rules).toHaveLength(25);
    for (const rule of rules) {
      const segment = segmentOfCell(Number(rule.r_score), Number(rule.f_score));
      expect([rule.r_score, rule.f_score, rule.segment]).toEqual([
        rule.r_score,
        rule.f_score,
        segment?.id,
      ]);
      expect(Number(rule.segment_order)).toBe(RFM_SEGMENTS.indexOf(segment!) + 1);
    }
  });

  test('the SQL form of the table returns it as written', async () => {
    const rows = await wh.query<Record<string, unknown>>(
      `select * from ${segmentLabelsSql()} as labels order by segment_order`,
    );
    expect(
      rows.map((r) => [
        r.segment,
        r.segment_name,
        r.segment_rule,
        r.segment_definition,
        r.segment_action,
        Number(r.segment_order),
      ]),
    ).toEqual(
      RFM_SEGMENTS.map((s, i) => [s.id, s.name, segmentRule(s), s.definition, s.action, i + 1]),
    );
  });
});
