import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import {
  ConfigError,
  parseEnvironment,
  type ConfigProblem,
} from '../../../contracts/environment/load.js';
import { environmentSchema } from '../../../contracts/environment/schema.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const FILE = 'environments/retail-bank.yaml';
const EXAMPLE_TEXT = readFileSync(
  new URL('../../../environments/retail-bank.yaml', import.meta.url),
  'utf8',
);
const SERVERLESS_BASE = parse(EXAMPLE_TEXT) as JsonObject;
const PROVISIONED_BASE: JsonObject = {
  ...SERVERLESS_BASE,
  warehouse: { type: 'provisioned', nodeType: 'ra3.xlplus', nodeCount: 2, database: 'rfm' },
};
const BASES = { serverless: SERVERLESS_BASE, provisioned: PROVISIONED_BASE } as const;
type BaseName = keyof typeof BASES;

/** The rules as the environment files are documented, written out independently of the schema. */
const TEAM_ID = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,20}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const DATABASE = /^[a-z_][a-z0-9_]{0,63}$/;
const OWNER = /^(@[A-Za-z0-9][A-Za-z0-9-]{0,38}|[^@\s]+@[^@\s]+\.[^@\s]+)$/;
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const NODE_TYPES = ['ra3.large', 'ra3.xlplus', 'ra3.4xlarge', 'ra3.16xlarge'];

/** Keys the schema knows in each mapping, including any optional sections added later. */
const KNOWN_KEYS: Record<string, ReadonlySet<string>> = {
  '': new Set(Object.keys(environmentSchema.shape)),
  warehouse: new Set(
    environmentSchema.shape.warehouse.options.flatMap((o) => Object.keys(o.shape)),
  ),
  model: new Set(Object.keys(environmentSchema.shape.model.shape)),
  load: new Set(Object.keys(environmentSchema.shape.load.unwrap().shape)),
};

const chars = (s: string) => fc.constantFrom(...s.split(''));
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

// ---------- values the schema cannot accept ----------

const nonString: fc.Arbitrary<Json> = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('a', 'b'), fc.integer(), { maxKeys: 2 }),
);

const nonInteger: fc.Arbitrary<Json> = fc.double({ noInteger: true });

const outside = (lo: number, hi: number): fc.Arbitrary<Json> =>
  fc.oneof(
    fc.integer({ min: lo - 1_000_000, max: lo - 1 }),
    fc.integer({ min: hi + 1, max: hi + 1_000_000 }),
  );

/** Anything but a whole number in [lo, hi]. */
const notWholeIn = (lo: number, hi: number): fc.Arbitrary<Json> =>
  fc.oneof(
    outside(lo, hi),
    nonInteger,
    fc.integer({ min: lo, max: hi }).map(String),
    fc.string({ maxLength: 10 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer({ min: lo, max: hi }), { minLength: 1, maxLength: 2 }),
  );

const badTeam: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(
    'Retail-Bank',
    '1retail',
    'retail_bank',
    '-retail',
    'retail-',
    'retail--bank',
    '',
    'a'.repeat(22),
    'team!',
  ),
  fc.string({ maxLength: 30 }).filter((s) => !TEAM_ID.test(s)),
  nonString,
);

/** A letter, then letters, digits and single dashes, never a dash at the end. */
const validTeam = fc
  .tuple(chars(LOWER), fc.string({ unit: chars(`${LOWER}${DIGITS}-`), maxLength: 20 }))
  .map(([first, rest]) => first + rest)
  .filter((team) => !team.endsWith('-') && !team.includes('--'));

const badRegion: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom('europe', 'EU-WEST-1', 'eu-west', 'eu-west-1a', 'eu_west_1', 'eu-west-12'),
  fc.string({ maxLength: 20 }).filter((s) => !REGION.test(s)),
  nonString,
);

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const pad = (n: number, width: number) => String(n).padStart(width, '0');

const badDate: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom('2026-02-30', '2027-02-29', '2026-13-01', '2026-04-31', 'next year', '2027-3-31'),
  fc.string({ maxLength: 20 }).filter((s) => !DATE_SHAPE.test(s)),
  fc
    .record({ year: fc.integer({ min: 1000, max: 9999 }), month: fc.integer({ min: 1, max: 12 }) })
    .filter(({ year, month }) => daysIn(year, month) < 31)
    .chain(({ year, month }) =>
      fc
        .integer({ min: daysIn(year, month) + 1, max: 31 })
        .map((day) => `${year}-${pad(month, 2)}-${pad(day, 2)}`),
    ),
  fc
    .tuple(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 13, max: 99 }))
    .map(([year, month]) => `${year}-${month}-01`),
  fc.integer({ min: 1000, max: 9999 }).map((year) => `${year}-01-00`),
  nonString,
);

const validHandle = fc
  .tuple(
    chars(`${LOWER}${LOWER.toUpperCase()}${DIGITS}`),
    fc.string({ unit: chars(`${LOWER}${DIGITS}-`), maxLength: 38 }),
  )
  .map(([first, rest]) => `@${first}${rest}`);
const validOwner = fc.oneof(validHandle, fc.emailAddress());

const badOwner: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom('nobody', '@', '@-lead', 'a@b', 'two words@example.com', 'x@@y.z'),
  fc.string({ maxLength: 20 }).filter((s) => !OWNER.test(s)),
  fc.integer(),
  fc.constant(null),
);

const badOwners: fc.Arbitrary<Json> = fc.oneof(
  fc.constant<Json>([]),
  fc
    .tuple(fc.array(validOwner, { maxLength: 2 }), badOwner, fc.array(validOwner, { maxLength: 2 }))
    .map(([before, bad, after]): Json => [...before, bad, ...after]),
  fc.emailAddress(),
  fc.integer(),
  fc.constant(null),
  fc.dictionary(fc.constantFrom('a', 'b'), fc.string(), { maxKeys: 2 }),
);

const badDatabase: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom('RFM', '1rfm', 'rfm-db', '', 'rfm db', 'a'.repeat(65)),
  fc.string({ maxLength: 70 }).filter((s) => !DATABASE.test(s)),
  nonString,
);

const badK: fc.Arbitrary<Json> = fc.oneof(
  outside(2, 50),
  nonInteger,
  fc.constantFrom('Auto', 'AUTO', 'auto ', '5', 'five'),
  fc.string({ maxLength: 10 }).filter((s) => s !== 'auto'),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.integer({ min: 2, max: 50 }), { maxLength: 2 }),
);

const kInRange = fc.integer({ min: 2, max: 50 });
const badKRange: fc.Arbitrary<Json> = fc.oneof(
  fc
    .tuple(kInRange, kInRange)
    .filter(([a, b]) => a !== b)
    .map(([a, b]): Json => [Math.max(a, b), Math.min(a, b)]),
  fc.tuple(notWholeIn(2, 50), kInRange).map(([a, b]): Json => [a, b]),
  fc.tuple(kInRange, notWholeIn(2, 50)).map(([a, b]): Json => [a, b]),
  fc.array(kInRange, { maxLength: 5 }).filter((a) => a.length !== 2),
  fc.integer(),
  fc.string({ maxLength: 10 }),
  fc.constant(null),
  fc.dictionary(fc.constantFrom('min', 'max'), kInRange, { maxKeys: 2 }),
);

const badWarehouseType: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom('Serverless', 'PROVISIONED', 'dedicated', 'ra3'),
  fc.string({ maxLength: 15 }).filter((s) => s !== 'provisioned' && s !== 'serverless'),
  nonString,
);

const badBaseCapacity: fc.Arbitrary<Json> = fc.oneof(
  fc.integer({ min: 8, max: 511 }).filter((n) => n % 8 !== 0),
  notWholeIn(8, 512),
);

const badNodeType: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom('dc2.large', 'ds2.xlarge', 'ra3.XLPLUS', 'ra3', 'RA3.large'),
  fc.string({ maxLength: 15 }).filter((s) => !NODE_TYPES.includes(s)),
  nonString,
);

const badDescription: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(''),
  fc.string({ minLength: 257, maxLength: 400 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }),
);

/** Sections replaced by something that is not a mapping of fields (an empty `load` is valid). */
const notASection: fc.Arbitrary<Json> = fc.oneof(
  fc.integer(),
  fc.string({ maxLength: 10 }),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.integer(), { maxLength: 2 }),
);

const badSeed: fc.Arbitrary<Json> = fc.oneof(
  fc.integer({ min: -1_000_000, max: -1 }),
  fc.integer({ min: 2 ** 31, max: Number.MAX_SAFE_INTEGER }),
  nonInteger,
  fc.integer({ min: 0, max: 100 }).map(String),
  fc.constant(null),
);

function wrongValues(base: BaseName): [string, fc.Arbitrary<Json>][] {
  const common: [string, fc.Arbitrary<Json>][] = [
    ['team', badTeam],
    ['description', badDescription],
    ['region', badRegion],
    ['expires', badDate],
    ['asOf', badDate],
    ['owners', badOwners],
    [
      'warehouse',
      fc.oneof(notASection, fc.dictionary(fc.constantFrom('kind', 'size'), fc.integer())),
    ],
    ['warehouse.type', badWarehouseType],
    ['warehouse.database', badDatabase],
    ['model', fc.oneof(notASection, fc.constant({}))],
    ['model.k', badK],
    ['model.kRange', badKRange],
    ['model.seed', badSeed],
    ['model.restarts', notWholeIn(1, 100)],
    ['load', notASection],
    ['load.maxErrors', notWholeIn(0, 100000)],
  ];
  const specific: [string, fc.Arbitrary<Json>][] =
    base === 'serverless'
      ? [['warehouse.baseCapacity', badBaseCapacity]]
      : [
          ['warehouse.nodeType', badNodeType],
          ['warehouse.nodeCount', notWholeIn(1, 128)],
        ];
  return [...common, ...specific];
}

/** Paths both bases require, then each base's own. */
const REQUIRED_ALWAYS = [
  'team',
  'region',
  'expires',
  'owners',
  'warehouse',
  'model',
  'warehouse.type',
];
const REQUIRED: Record<BaseName, string[]> = {
  serverless: [...REQUIRED_ALWAYS, 'warehouse.baseCapacity', 'warehouse.database', 'model.k'],
  provisioned: [
    ...REQUIRED_ALWAYS,
    'warehouse.nodeType',
    'warehouse.nodeCount',
    'warehouse.database',
    'model.k',
  ],
};

// ---------- mutations ----------

type Mutation =
  | { kind: 'delete'; path: string }
  | { kind: 'replace'; path: string; value: Json }
  | { kind: 'otherTeam'; team: string }
  | { kind: 'unknownKey'; container: string; key: string; position: number }
  | { kind: 'rename'; path: string; to: string }
  | { kind: 'document'; value: Json }
  | { kind: 'truncate'; seed: number }
  | { kind: 'unclosed'; seed: number; char: string }
  | { kind: 'tab'; seed: number }
  | { kind: 'duplicate'; seed: number }
  | { kind: 'secondDocument'; rest: string };

const TEXT_KINDS = new Set(['truncate', 'unclosed', 'tab', 'duplicate', 'secondDocument']);

const unknownKeyName = (container: string) =>
  fc
    .oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom(
        'Team',
        'regoin',
        'extra',
        'k ',
        'nodetype',
        'maxerrors',
        'network_',
        '<<',
        '__proto__',
      ),
    )
    .filter((key) => !KNOWN_KEYS[container]?.has(key) && !/[\r\n]/.test(key));

function mutations(base: BaseName): fc.Arbitrary<Mutation> {
  const allKeys = Object.entries(BASES[base]).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? [key, ...Object.keys(value).map((inner) => `${key}.${inner}`)]
      : [key],
  );
  return fc.oneof(
    fc.constantFrom(...REQUIRED[base]).map((path): Mutation => ({ kind: 'delete', path })),
    fc
      .oneof(...wrongValues(base).map(([path, value]) => value.map((v) => ({ path, value: v }))))
      .map(({ path, value }): Mutation => ({ kind: 'replace', path, value })),
    validTeam
      .filter((team) => team !== 'retail-bank')
      .map((team): Mutation => ({ kind: 'otherTeam', team })),
    fc
      .constantFrom('', 'warehouse', 'model', 'load')
      .chain((container) =>
        fc
          .record({ key: unknownKeyName(container), position: fc.nat() })
          .map(({ key, position }): Mutation => ({ kind: 'unknownKey', container, key, position })),
      ),
    fc.constantFrom(...allKeys).chain((path) => {
      const name = path.split('.').pop() ?? path;
      const container = path.includes('.') ? (path.split('.')[0] ?? '') : '';
      return fc
        .oneof(
          fc.constant(`${name}s`),
          fc.constant(name.toUpperCase()),
          fc.constant(`_${name}`),
          fc.constant(`${name.charAt(0).toUpperCase()}${name.slice(1)}`),
          unknownKeyName(container),
        )
        .filter((to) => to !== name && !KNOWN_KEYS[container]?.has(to) && !/[\r\n]/.test(to))
        .map((to): Mutation => ({ kind: 'rename', path, to }));
    }),
    fc
      .oneof(
        fc.array(fc.integer(), { maxLength: 3 }),
        fc.array(fc.dictionary(fc.constantFrom('team', 'region'), fc.string()), { minLength: 1 }),
        fc.string({ maxLength: 20 }),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
      )
      .map((value): Mutation => ({ kind: 'document', value })),
    fc.nat().map((seed): Mutation => ({ kind: 'truncate', seed })),
    fc
      .record({ seed: fc.nat(), char: fc.constantFrom('[', '{', '"', "'") })
      .map(({ seed, char }): Mutation => ({ kind: 'unclosed', seed, char })),
    fc.nat().map((seed): Mutation => ({ kind: 'tab', seed })),
    fc.nat().map((seed): Mutation => ({ kind: 'duplicate', seed })),
    fc
      .constantFrom('', 'team: other\n', 'a: 1\n', '- x\n')
      .map((rest): Mutation => ({ kind: 'secondDocument', rest })),
  );
}

function clone(value: JsonObject): JsonObject {
  return structuredClone(value);
}

/** The mapping that holds `path`'s last segment, and that segment. */
function parentOf(root: JsonObject, path: string): [JsonObject, string] {
  const segments = path.split('.');
  const last = segments.pop() ?? path;
  let node: JsonObject = root;
  for (const s of segments) {
    const next = node[s];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      throw new Error(`no mapping at ${s} in ${path}`);
    }
    node = next;
  }
  return [node, last];
}

/** Rebuilds a mapping with `entries`, since key order decides the line each key lands on. */
function withEntries(target: JsonObject, entries: [string, Json][]): void {
  for (const key of Object.keys(target)) delete target[key];
  for (const [key, value] of entries) {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
}

function fieldOf(path: readonly string[]): string {
  return path.map((p) => (p === '' ? '""' : p)).join('.');
}

interface Variant {
  readonly text: string;
  /** Fields one of which must be named by some problem; undefined when any field will do. */
  readonly expectFields?: readonly string[];
  /** A marker value whose line the named problem must point at. */
  readonly marker?: string;
  readonly documentLevel?: boolean;
}

function render(base: BaseName, m: Mutation): Variant {
  const doc = clone(BASES[base]);
  switch (m.kind) {
    case 'delete': {
      const [parent, key] = parentOf(doc, m.path);
      delete parent[key];
      return { text: stringify(doc), expectFields: [m.path] };
    }
    case 'replace': {
      const [parent, key] = parentOf(doc, m.path);
      parent[key] = m.value;
      return { text: stringify(doc), expectFields: [m.path] };
    }
    case 'otherTeam':
      return { text: stringify({ ...doc, team: m.team }), expectFields: ['team'] };
    case 'unknownKey': {
      const target = m.container === '' ? doc : parentOf(doc, `${m.container}.x`)[0];
      const entries = Object.entries(target);
      const marker = `marker-${m.position}`;
      entries.splice(m.position % (entries.length + 1), 0, [m.key, marker]);
      withEntries(target, entries);
      const path = m.container === '' ? [m.key] : [m.container, m.key];
      return { text: stringify(doc), expectFields: [fieldOf(path)], marker };
    }
    case 'rename': {
      const [parent, key] = parentOf(doc, m.path);
      withEntries(
        parent,
        Object.entries(parent).map(([k, v]): [string, Json] => [k === key ? m.to : k, v]),
      );
      const renamed = [...m.path.split('.').slice(0, -1), m.to];
      return { text: stringify(doc), expectFields: [fieldOf(renamed), m.path] };
    }
    case 'document':
      return { text: stringify(m.value), documentLevel: true };
    default:
      return corrupt(stringify(doc), m);
  }
}

/** Damages the YAML text itself so that it cannot describe a valid environment. */
function corrupt(text: string, m: Mutation): Variant {
  const lines = text.split('\n');
  const lineStarts = lines.map((_, i) => lines.slice(0, i).reduce((n, l) => n + l.length + 1, 0));
  switch (m.kind) {
    case 'truncate': {
      const limit = text.indexOf('\nmodel:') + '\nmodel'.length;
      if (limit < '\nmodel'.length) throw new Error('the rendered example has no model');
      return { text: text.slice(0, m.seed % (limit + 1)) };
    }
    case 'unclosed': {
      const starts = lines.flatMap((line, i) => {
        const match = /^( *- )\S/.exec(line) ?? /^( *[A-Za-z]+: )\S/.exec(line);
        return match?.[1] === undefined ? [] : [(lineStarts[i] ?? 0) + match[1].length];
      });
      const at = starts[m.seed % starts.length] ?? 0;
      const quoteLater = (m.char === '"' || m.char === "'") && text.slice(at).includes(m.char);
      const char = quoteLater ? '[' : m.char;
      return { text: `${text.slice(0, at)}${char}${text.slice(at)}`, documentLevel: true };
    }
    case 'tab': {
      const indented = lines.flatMap((line, i) => (/^ +\S/.test(line) ? [i] : []));
      const i = indented[m.seed % indented.length] ?? 0;
      const copy = [...lines];
      copy[i] = (copy[i] ?? '').replace(/^ +/, '\t');
      return { text: copy.join('\n'), documentLevel: true };
    }
    case 'duplicate': {
      const keyed = lines.flatMap((line, i) => (/^( {2})?[A-Za-z]+: \S/.test(line) ? [i] : []));
      const i = keyed[m.seed % keyed.length] ?? 0;
      const line = lines[i] ?? '';
      const key = line.trim().split(':')[0] ?? '';
      const parent = line.startsWith(' ')
        ? lines
            .slice(0, i)
            .reverse()
            .find((l) => /^[A-Za-z]/.test(l))
            ?.split(':')[0]
        : undefined;
      const copy = [...lines];
      copy.splice(i + 1, 0, line);
      return {
        text: copy.join('\n'),
        expectFields: [parent === undefined ? key : `${parent}.${key}`],
      };
    }
    case 'secondDocument':
      return { text: `${text}---\n${m.rest}`, documentLevel: true };
    default:
      throw new Error(`not a text mutation: ${m.kind}`);
  }
}

/** Problems about the YAML text or the document as a whole, which have no field to name. */
function isDocumentLevel(p: ConfigProblem): boolean {
  return (
    p.message.endsWith('(fix the YAML syntax)') ||
    p.message.startsWith('an environment file holds a single YAML document') ||
    p.message.startsWith('the file has no settings') ||
    p.message.startsWith('expected a YAML mapping')
  );
}

function problemsOf(text: string): readonly ConfigProblem[] {
  let thrown: unknown;
  let env: unknown;
  try {
    env = parseEnvironment(text, FILE);
  } catch (e) {
    thrown = e;
  }
  if (thrown === undefined) {
    throw new Error(`accepted an invalid file:\n${text}\n=> ${JSON.stringify(env)}`);
  }
  if (!(thrown instanceof ConfigError)) {
    throw new Error(`threw ${String(thrown)} instead of a ConfigError for:\n${text}`);
  }
  return thrown.problems;
}

const arbitraryInvalid = fc
  .constantFrom<BaseName>('serverless', 'provisioned')
  .chain((base) => mutations(base).map((mutation) => ({ base, mutation })));

describe('fuzzing environment files', () => {
  test('the bases themselves are valid', () => {
    expect(parseEnvironment(stringify(SERVERLESS_BASE), FILE).warehouse.type).toBe('serverless');
    expect(parseEnvironment(stringify(PROVISIONED_BASE), FILE).warehouse.type).toBe('provisioned');
  });

  test('every mutation is rejected with located, named problems', () => {
    fc.assert(
      fc.property(arbitraryInvalid, ({ base, mutation }) => {
        const variant = render(base, mutation);
        const problems = problemsOf(variant.text);
        const lineCount = variant.text.split('\n').length;

        expect(problems.length).toBeGreaterThan(0);
        for (const p of problems) {
          expect(p.file).toBe(FILE);
          expect(Number.isInteger(p.line)).toBe(true);
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.line).toBeLessThanOrEqual(lineCount);
          expect(Number.isInteger(p.column)).toBe(true);
          expect(p.column).toBeGreaterThanOrEqual(1);
          expect(p.message).not.toBe('');
          if (p.field === '') expect(isDocumentLevel(p)).toBe(true);
        }

        if (!TEXT_KINDS.has(mutation.kind) && mutation.kind !== 'document') {
          // A well-formed YAML rendering has only field problems.
          expect(problems.filter(isDocumentLevel)).toEqual([]);
        }
        if (variant.documentLevel === true) {
          expect(problems.some(isDocumentLevel)).toBe(true);
        }
        if (variant.expectFields !== undefined) {
          const fields = variant.expectFields;
          const named = problems.filter((p) =>
            fields.some((f) => p.field === f || p.field.startsWith(`${f}.`)),
          );
          expect(named.length).toBeGreaterThan(0);
          if (variant.marker !== undefined) {
            const markerLine =
              variant.text.split('\n').findIndex((l) => l.includes(variant.marker ?? '')) + 1;
            expect(named.map((p) => p.line)).toContain(markerLine);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

// ---------- valid variants ----------

const validRegion = fc
  .tuple(
    fc.constantFrom('eu', 'us', 'ap', 'sa', 'ca', 'me', 'af', 'il'),
    fc.constantFrom('', '-gov', '-iso', '-isob'),
    fc.constantFrom('west', 'east', 'central', 'north', 'south', 'southeast', 'northeast'),
    fc.integer({ min: 1, max: 9 }),
  )
  .map(([area, partition, direction, n]) => `${area}${partition}-${direction}-${n}`);

const validDate = fc
  .date({
    min: new Date('1970-01-01T00:00:00Z'),
    max: new Date('2999-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10));

const validDatabase = fc
  .tuple(chars(`${LOWER}_`), fc.string({ unit: chars(`${LOWER}${DIGITS}_`), maxLength: 63 }))
  .map(([first, rest]) => first + rest);

const validWarehouse = fc.oneof(
  fc.record({
    type: fc.constant('serverless' as const),
    baseCapacity: fc.integer({ min: 1, max: 64 }).map((n) => n * 8),
    database: validDatabase,
  }),
  fc.record({
    type: fc.constant('provisioned' as const),
    nodeType: fc.constantFrom(...NODE_TYPES),
    nodeCount: fc.integer({ min: 1, max: 128 }),
    database: validDatabase,
  }),
);

const validModel = fc.record(
  {
    k: fc.oneof(fc.constant('auto' as const), kInRange),
    kRange: fc
      .tuple(kInRange, kInRange)
      .map(([a, b]): [number, number] => [Math.min(a, b), Math.max(a, b)]),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    restarts: fc.integer({ min: 1, max: 100 }),
  },
  { requiredKeys: ['k'] },
);

const validEnvironment = fc.record(
  {
    team: validTeam,
    description: fc.string({ minLength: 1, maxLength: 256 }),
    region: validRegion,
    expires: validDate,
    owners: fc.array(validOwner, { minLength: 1, maxLength: 4 }),
    warehouse: validWarehouse,
    model: validModel,
    asOf: validDate,
    load: fc.record({ maxErrors: fc.integer({ min: 0, max: 100000 }) }, { requiredKeys: [] }),
  },
  { requiredKeys: ['team', 'region', 'expires', 'owners', 'warehouse', 'model'] },
);

describe('valid variants', () => {
  test('parse and keep their values, with defaults for what they leave out', () => {
    fc.assert(
      fc.property(
        validEnvironment,
        fc.constantFrom('environments/', '', '/srv/gitops/environments/'),
        fc.constantFrom('.yaml', '.yml'),
        (input, dir, extension) => {
          const file = `${dir}${input.team}${extension}`;
          const env = parseEnvironment(stringify(input), file);
          expect(env).toMatchObject({
            ...input,
            model: { kRange: [3, 8], seed: 42, restarts: 8, ...input.model },
            load: { maxErrors: 10, ...input.load },
          });
          expect(env.team).toBe(input.team);
          expect(env.model.k).toBe(input.model.k);
          expect(env.warehouse).toEqual(input.warehouse);
          expect(env.owners).toEqual(input.owners);
          expect(env.description).toBe(input.description);
          expect(env.asOf).toBe(input.asOf);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('the example with a different valid team id loads under that team name', () => {
    fc.assert(
      fc.property(validTeam, (team) => {
        const text = stringify({ ...SERVERLESS_BASE, team });
        expect(parseEnvironment(text, `environments/${team}.yaml`).team).toBe(team);
      }),
      { numRuns: 300 },
    );
  });
});
