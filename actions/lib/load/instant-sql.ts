/**
 * instant.ts's `normalizeInstant` as DuckDB SQL, for transactions files DuckDB stages
 * (stage-transactions.ts): the same forms (its very pattern: RE2 reads `\d` as [0-9], as
 * JavaScript does), the same real-date check, an offset converted to UTC, the fraction cut to
 * microseconds, and the same problems word for word. test/actions/lib/load/stage-transactions.test.ts
 * holds the two to the same answers.
 */
import { INSTANT } from '../sources/instant.js';

/** The SQL that reads one instant: derived columns in layers, and the two that come of them. */
export interface InstantSql {
  /** For StagePlan.derived: each layer reads the ones before it. */
  readonly layers: readonly (readonly string[])[];
  /** The column holding why the value is not an instant, or NULL. */
  readonly problem: string;
  /** The column holding `YYYY-MM-DD HH:MM:SS[.ffffff]` (UTC when it had an offset), when no problem. */
  readonly value: string;
}

const GROUPS = [
  'year',
  'month',
  'day',
  'hour',
  'minute',
  'second',
  'fraction',
  'z',
  'sign',
  'offset_hours',
  'offset_minutes',
] as const;

/** `"<v>" <text>` as instant.ts words a problem with the value `v`. */
const problemText = (v: string, text: string): string => `'"' || ${v} || '" ${text}'`;

/** `n` as `String(n).padStart(width, '0')` does (a negative year too: -1 is `00-1`). */
const padded = (n: string, width: number): string =>
  `case when length(${n}::varchar) >= ${width} then ${n}::varchar else lpad(${n}::varchar, ${width}, '0') end`;

/**
 * Reads the text column `v` (trimmed, never NULL) as an instant; the derived columns are named
 * `<prefix>…`.
 */
export function instantSql(v: string, prefix: string): InstantSql {
  const m = `${prefix}match`;
  const part = (group: (typeof GROUPS)[number]): string => `struct_extract(${m}, '${group}')`;
  const orZero = (group: (typeof GROUPS)[number]): string =>
    `coalesce(nullif(${part(group)}, ''), '00')`;
  const date = `${part('year')} || '-' || ${part('month')} || '-' || ${part('day')}`;
  const names = GROUPS.map((g) => `'${g}'`).join(', ');
  const match = `regexp_extract(${v}, '${INSTANT.source}', [${names}]) as ${m}`;
  const read = [
    `try_cast(${date} as date) as ${prefix}date`,
    `${date} || ' ' || ${orZero('hour')} || ':' || ${orZero('minute')} || ':' || ${orZero('second')} as ${prefix}written`,
    // Microseconds, as the warehouses store them; finer digits are cut, not rounded.
    `case when ${part('fraction')} = '' then '' else '.' || left(${part('fraction')}, 6) end as ${prefix}fraction`,
    `case when ${part('sign')} = '' then 0 else (case ${part('sign')} when '-' then -1 else 1 end) * (try_cast(${part('offset_hours')} as integer) * 60 + try_cast(${orZero('offset_minutes')} as integer)) end as ${prefix}offset`,
  ];
  const shifted = `case when ${prefix}offset = 0 then null else try_cast(${prefix}written as timestamp) - to_minutes(${prefix}offset) end as ${prefix}utc`;
  const utc = `${prefix}utc`;
  const problem = `case
    when ${part('year')} = '' then ${problemText(v, 'is not a timestamp (YYYY-MM-DD HH:MM:SS, or ISO 8601 such as 2024-05-01T09:30:00Z)')}
    when ${prefix}date is null or ${part('hour')} > '23' or ${part('minute')} > '59' or ${part('second')} > '59' then ${problemText(v, 'is not a real date and time')}
    when ${part('sign')} <> '' and (${part('offset_hours')} > '23' or ${part('offset_minutes')} > '59') then ${problemText(v, 'has an offset that is not one')}
  end as ${prefix}problem`;
  const value = `case when ${prefix}offset = 0 then ${prefix}written else ${padded(`year(${utc})`, 4)} || strftime(${utc}, '-%m-%d %H:%M:%S') end || ${prefix}fraction as ${prefix}value`;
  return {
    layers: [[match], read, [shifted], [problem, value]],
    problem: `${prefix}problem`,
    value: `${prefix}value`,
  };
}
