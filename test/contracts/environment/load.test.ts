import { beforeEach, describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ConfigError,
  formatProblem,
  loadEnvironmentFile,
  loadEnvironments,
  loadTeam,
  parseEnvironment,
  type ConfigProblem,
} from '../../../contracts/environment/load.js';
import { sourceCurrency } from '../../../contracts/environment/schema.js';
import { tempFolder } from '../../support/block-fixture.js';

const ENV_DIR = fileURLToPath(new URL('../../../environments/', import.meta.url));
const EXAMPLE_FILE = join(ENV_DIR, 'retail-bank.yaml');
const EXAMPLE = readFileSync(EXAMPLE_FILE, 'utf8');
const FILE = 'environments/retail-bank.yaml';

const TEAM_MESSAGE =
  'expected a team id: lowercase letters, digits and single dashes, starting with a letter and not ending with a dash, at most 21 characters';
const K_MESSAGE = 'expected a whole number from 2 to 50, or auto';
const SYNTAX = '(fix the YAML syntax)';

/** The example with each `[from, to]` replaced once; fails loudly if `from` is not in it. */
function edit(...replacements: [string, string][]): string {
  let text = EXAMPLE;
  for (const [from, to] of replacements) {
    if (!text.includes(from)) throw new Error(`the example has no ${JSON.stringify(from)}`);
    text = text.replace(from, to);
  }
  return text;
}

/** The problems parseEnvironment reports; fails the test when it accepts the text. */
function problemsOf(text: string, file = FILE): readonly ConfigProblem[] {
  try {
    parseEnvironment(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError, but the file was accepted');
}

function problem(
  line: number,
  column: number,
  field: string,
  message: string,
  file = FILE,
): ConfigProblem {
  return { file, line, column, field, message };
}

const DATABASE_MESSAGE = 'expected a lowercase database name (letters, digits, underscores)';

/** A required field that is absent, and what it expects. */
const missing = (line: number, column: number, field: string, expected: string): ConfigProblem =>
  problem(line, column, field, `required field is missing (${expected})`);

/** A field the schema does not have, and the field meant by it when there is a close one. */
const unknownField = (line: number, column: number, field: string, meant?: string) =>
  problem(
    line,
    column,
    field,
    `unknown field "${field.split('.').pop()}"; ${meant === undefined ? 'remove it or check its spelling' : `did you mean ${meant}?`}`,
  );

/** A test per case: the text parseEnvironment is given and exactly the problems it reports. */
function testProblems(cases: Array<[string, string, ConfigProblem[]]>): void {
  test.each(cases)('%s', (_what, text, expected) => {
    expect(problemsOf(text)).toEqual(expected);
  });
}

/**
 * A test per value: the example with its line `line` set to `<key>: <value>` reports exactly
 * `expected`. A value may come with the words the title gives for it (%s in `title`).
 */
function testRejectedValues(
  title: string,
  line: string,
  values: readonly (string | readonly [what: string, value: string])[],
  expected: ConfigProblem,
): void {
  const key = line.slice(0, line.indexOf(':'));
  const cases = values.map((v) => (typeof v === 'string' ? ([v, v] as const) : v));
  test.each(cases)(title, (_what, value) => {
    expect(problemsOf(edit([line, `${key}: ${value}`]))).toEqual([expected]);
  });
}

const SERVERLESS = '  type: serverless\n  baseCapacity: 8\n  database: rfm\n';

describe('the shipped example', () => {
  test('environments/retail-bank.yaml loads', async () => {
    const env = await loadEnvironmentFile(EXAMPLE_FILE);
    expect(env).toMatchObject({
      team: 'retail-bank',
      description: 'Retail banking analytics team, card and transfer transactions',
      region: 'eu-west-1',
      expires: '2027-03-31',
      owners: ['@retail-bank-analytics', 'data-platform@example.com'],
      warehouse: { type: 'serverless', baseCapacity: 8, database: 'rfm' },
      model: { k: 'auto', kRange: [3, 8], seed: 42, restarts: 8 },
      load: { maxErrors: 10 },
    });
    expect(env.asOf).toBeUndefined();
  });

  test('optional sections and fields get their defaults', () => {
    const text = edit(
      ['  kRange: [3, 8]\n  seed: 42\n  restarts: 8\n', ''],
      ['load:\n  maxErrors: 10\n', ''],
      ['description: Retail banking analytics team, card and transfer transactions\n', ''],
    );
    const env = parseEnvironment(text, FILE);
    expect(env.load).toEqual({ maxErrors: 10 });
    expect(env.load.maxErrors).toBe(10);
    expect(env.model).toEqual({
      k: 'auto',
      kRange: [3, 8],
      seed: 42,
      restarts: 8,
      scaling: 'log-standard',
      features: ['recency', 'frequency', 'monetary'],
    });
    expect(env.description).toBeUndefined();
  });

  test('an empty load section still gets maxErrors 10', () => {
    const env = parseEnvironment(
      edit(['  maxErrors: 10\n', '']).replace('load:\n', 'load: {}\n'),
      FILE,
    );
    expect(env.load.maxErrors).toBe(10);
  });

  test('loadTeam finds the shipped team', async () => {
    const env = await loadTeam(ENV_DIR, 'retail-bank');
    expect(env.team).toBe('retail-bank');
  });
});

describe('team', () => {
  testRejectedValues(
    'rejects a team id with %s',
    'team: retail-bank',
    [
      ['uppercase letters', 'Retail-Bank'],
      ['a leading digit', '1retail-bank'],
      ['22 characters', 'a'.repeat(22)],
      ['underscores', 'retail_bank'],
      ['a leading dash', '-retail'],
      ['a trailing dash', 'retail-'],
      ['a double dash', 'retail--bank'],
      ['a number', '42'],
    ],
    problem(3, 7, 'team', TEAM_MESSAGE),
  );

  test.each(['bootstrap', 'plan', 'terraform-state', 'tfstate'])(
    'refuses the reserved team id %s, which names a platform resource',
    (team) => {
      const problems = problemsOf(edit(['team: retail-bank', `team: ${team}`]), `${team}.yaml`);
      expect(problems.map((p) => [p.line, p.column, p.field])).toEqual([[3, 7, 'team']]);
      expect(problems[0]!.message).toMatch(/names a platform resource .*choose another/);
    },
  );

  test('accepts a 21-character team id that matches its file name', () => {
    const team = `a${'b1-'.repeat(6)}cd`;
    expect(team).toHaveLength(21);
    const env = parseEnvironment(edit(['team: retail-bank', `team: ${team}`]), `${team}.yaml`);
    expect(env.team).toBe(team);
  });

  /** The example's team "retail-bank" in `file`, with the fix the message offers. */
  const teamNotFileName = (file: string, fix: string): ConfigProblem =>
    problem(3, 7, 'team', `team "retail-bank" must match the file name; ${fix}`, file);

  test.each([
    [
      'must match the file name',
      'environments/card-fraud.yaml',
      'rename the file to retail-bank.yaml or set team: card-fraud',
    ],
    [
      'does not suggest a team id that the file name cannot be',
      'environments/Card_Fraud.yaml',
      'rename the file to retail-bank.yaml',
    ],
  ])('%s (%s)', (_what, file, fix) => {
    expect(problemsOf(EXAMPLE, file)).toEqual([teamNotFileName(file, fix)]);
  });

  test('a .yml file name counts as well', () => {
    expect(parseEnvironment(EXAMPLE, 'environments/retail-bank.yml').team).toBe('retail-bank');
  });

  test('a mismatched team is reported together with the other problems, in file order', () => {
    const file = 'environments/card-fraud.yaml';
    expect(
      problemsOf(edit(['k: auto', 'k: 1'], ['region: eu-west-1', 'region: europe']), file),
    ).toEqual([
      teamNotFileName(file, 'rename the file to retail-bank.yaml or set team: card-fraud'),
      problem(5, 9, 'region', 'expected an AWS region such as eu-west-1', file),
      problem(15, 6, 'model.k', K_MESSAGE, file),
    ]);
  });

  test('a missing team points at the start of the mapping', () => {
    expect(problemsOf(edit(['team: retail-bank\n', '']))).toEqual([
      missing(3, 1, 'team', TEAM_MESSAGE),
    ]);
  });
});

describe('region, expires, owners', () => {
  testRejectedValues(
    'rejects region %s',
    'region: eu-west-1',
    ['europe', 'EU-WEST-1', 'eu-west', 'eu-west-1a'],
    problem(5, 9, 'region', 'expected an AWS region such as eu-west-1'),
  );

  test.each(['us-gov-west-1', 'ap-southeast-3', 'us-east-1'])('accepts region %s', (region) => {
    expect(parseEnvironment(edit(['region: eu-west-1', `region: ${region}`]), FILE).region).toBe(
      region,
    );
  });

  testRejectedValues(
    'rejects expires %s, which is not written YYYY-MM-DD',
    'expires: 2027-03-31',
    ['next year', '2027-3-31', '31.03.2027', '20270331', '2027-03-31T00:00:00Z', '99999-01-01'],
    problem(6, 10, 'expires', 'expected a date written YYYY-MM-DD'),
  );

  testRejectedValues(
    'rejects expires %s, which is not a calendar date',
    'expires: 2027-03-31',
    ['2026-02-30', '2027-02-29', '2026-13-01', '2026-04-31', '2026-00-10'],
    problem(6, 10, 'expires', 'not a calendar date'),
  );

  test('accepts a leap day', () => {
    expect(
      parseEnvironment(edit(['expires: 2027-03-31', 'expires: 2028-02-29']), FILE).expires,
    ).toBe('2028-02-29');
  });

  test('asOf is checked as a date too', () => {
    expect(problemsOf(`${EXAMPLE}asOf: 2026-02-30\n`)).toEqual([
      problem(21, 7, 'asOf', 'not a calendar date'),
    ]);
  });

  test('an empty owners list', () => {
    const text = edit([
      "owners:\n  - '@retail-bank-analytics'\n  - data-platform@example.com\n",
      'owners: []\n',
    ]);
    expect(problemsOf(text)).toEqual([problem(7, 9, 'owners', 'list at least one owner')]);
  });

  test('owners with no value at all', () => {
    const text = edit(["  - '@retail-bank-analytics'\n  - data-platform@example.com\n", '']);
    expect(problemsOf(text)).toEqual([problem(7, 8, 'owners', 'expected a list, found no value')]);
  });

  test.each(['nobody', "'@-lead'", 'a@b', 'two words@example.com'])('rejects owner %s', (owner) => {
    expect(problemsOf(edit(['data-platform@example.com', owner]))).toEqual([
      problem(9, 5, 'owners.1', 'expected a GitHub handle (@name) or an e-mail address'),
    ]);
  });

  test('a description must not be empty', () => {
    const text = edit([
      'description: Retail banking analytics team, card and transfer transactions',
      "description: ''",
    ]);
    expect(problemsOf(text)).toEqual([
      problem(4, 14, 'description', 'expected text of 1 to 256 characters'),
    ]);
  });
});

describe('warehouse', () => {
  testProblems([
    [
      'an unknown warehouse type',
      edit(['type: serverless', 'type: dedicated']),
      [problem(11, 9, 'warehouse.type', 'expected type: provisioned or type: serverless')],
    ],
    [
      'a warehouse without a type',
      edit(['  type: serverless\n', '']),
      [missing(11, 3, 'warehouse.type', 'expected type: provisioned or type: serverless')],
    ],
    [
      'a missing warehouse',
      edit([`warehouse:\n${SERVERLESS}`, '']),
      [missing(3, 1, 'warehouse', 'expected type: provisioned or type: serverless')],
    ],
  ]);

  const provisioned = (lines: string): string =>
    edit([SERVERLESS, `  type: provisioned\n${lines}`]);

  test('a valid provisioned warehouse', () => {
    const env = parseEnvironment(
      provisioned('  nodeType: ra3.xlplus\n  nodeCount: 2\n  database: rfm\n'),
      FILE,
    );
    expect(env.warehouse).toEqual({
      type: 'provisioned',
      nodeType: 'ra3.xlplus',
      nodeCount: 2,
      database: 'rfm',
    });
  });

  test('a provisioned warehouse with a node type that is not RA3', () => {
    expect(
      problemsOf(provisioned('  nodeType: dc2.large\n  nodeCount: 2\n  database: rfm\n')),
    ).toEqual([
      problem(
        12,
        13,
        'warehouse.nodeType',
        'expected one of ra3.large, ra3.xlplus, ra3.4xlarge, ra3.16xlarge',
      ),
    ]);
  });

  test.each(['0', '129', '2.5', 'two'])('a provisioned warehouse with nodeCount %s', (count) => {
    expect(
      problemsOf(provisioned(`  nodeType: ra3.large\n  nodeCount: ${count}\n  database: rfm\n`)),
    ).toEqual([problem(13, 14, 'warehouse.nodeCount', 'expected a whole number from 1 to 128')]);
  });

  test('a provisioned warehouse without a database', () => {
    expect(problemsOf(provisioned('  nodeType: ra3.large\n  nodeCount: 2\n'))).toEqual([
      missing(11, 3, 'warehouse.database', DATABASE_MESSAGE),
    ]);
  });

  test('all problems of a provisioned warehouse are reported, in file order', () => {
    expect(problemsOf(provisioned('  nodeType: dc2.large\n  nodeCount: 0\n'))).toEqual([
      missing(11, 3, 'warehouse.database', DATABASE_MESSAGE),
      problem(
        12,
        13,
        'warehouse.nodeType',
        'expected one of ra3.large, ra3.xlplus, ra3.4xlarge, ra3.16xlarge',
      ),
      problem(13, 14, 'warehouse.nodeCount', 'expected a whole number from 1 to 128'),
    ]);
  });

  test('a provisioned field in a serverless warehouse is unknown', () => {
    expect(problemsOf(edit(['  database: rfm\n', '  database: rfm\n  nodeCount: 2\n']))).toEqual([
      unknownField(14, 3, 'warehouse.nodeCount'),
    ]);
  });

  const capacityProblem = (message: string): ConfigProblem =>
    problem(12, 17, 'warehouse.baseCapacity', message);

  testRejectedValues(
    'serverless baseCapacity %s is not a multiple of 8',
    'baseCapacity: 8',
    ['12', '100'],
    capacityProblem('expected a multiple of 8 RPUs'),
  );

  testRejectedValues(
    'serverless baseCapacity %s is not a number',
    'baseCapacity: 8',
    ['4 * 2'],
    capacityProblem('expected a whole number from 8 to 512'),
  );

  testRejectedValues(
    'serverless baseCapacity %s is out of range',
    'baseCapacity: 8',
    ['0', '520', '1024', '-8'],
    capacityProblem('expected a whole number from 8 to 512'),
  );

  test.each(['8', '64', '512'])('serverless baseCapacity %s is accepted', (capacity) => {
    const env = parseEnvironment(edit(['baseCapacity: 8', `baseCapacity: ${capacity}`]), FILE);
    expect(env.warehouse).toMatchObject({ type: 'serverless', baseCapacity: Number(capacity) });
  });

  testRejectedValues(
    'database %s',
    'database: rfm',
    ['RFM', '1rfm', 'rfm-db', '5'],
    problem(13, 13, 'warehouse.database', DATABASE_MESSAGE),
  );
});

describe('model', () => {
  testRejectedValues(
    'k = %s is out of range',
    'k: auto',
    ['1', '0', '-3', '51'],
    problem(15, 6, 'model.k', K_MESSAGE),
  );

  testRejectedValues(
    'k = %s is neither a whole number nor auto',
    'k: auto',
    ['five', '"5"', '2.5', 'Auto', 'null'],
    problem(15, 6, 'model.k', K_MESSAGE),
  );

  test.each([
    ['2', 2],
    ['50', 50],
    ['auto', 'auto'],
  ])('k = %s is accepted', (k, expected) => {
    expect(parseEnvironment(edit(['k: auto', `k: ${k}`]), FILE).model.k).toBe(expected);
  });

  testProblems([
    ['a missing k', edit(['  k: auto\n', '']), [missing(15, 3, 'model.k', K_MESSAGE)]],
    [
      'kRange reversed',
      edit(['kRange: [3, 8]', 'kRange: [8, 3]']),
      [problem(16, 11, 'model.kRange', 'the first number must not exceed the second')],
    ],
    [
      'kRange with one value out of range names the element',
      edit(['kRange: [3, 8]', 'kRange: [1, 8]']),
      [problem(16, 12, 'model.kRange.0', 'expected a whole number from 2 to 50')],
    ],
    [
      'a model with no value',
      edit(['model:\n  k: auto\n  kRange: [3, 8]\n  seed: 42\n  restarts: 8\n', 'model:\n']),
      [problem(14, 7, 'model', 'expected a mapping of fields, found no value')],
    ],
    [
      'a model section that is missing',
      edit(['model:\n  k: auto\n  kRange: [3, 8]\n  seed: 42\n  restarts: 8\n', '']),
      [missing(3, 1, 'model', 'expected a mapping of fields')],
    ],
    [
      'load.maxErrors must be a whole number, not a quoted one',
      edit(['maxErrors: 10', 'maxErrors: "10"']),
      [problem(20, 14, 'load.maxErrors', 'expected a whole number from 0 to 100000')],
    ],
  ]);

  test.each<[string, string[]]>([
    ['seed', ['recency', 'frequency', 'monetary']],
    ['log-standard', ['monetary', 'recency']],
  ])('scaling %s with features %j is accepted, in the order given', (scaling, features) => {
    const env = parseEnvironment(
      edit([
        '  restarts: 8\n',
        `  restarts: 8\n  scaling: ${scaling}\n  features: [${features.join(', ')}]\n`,
      ]),
      FILE,
    );
    expect(env.model.scaling).toBe(scaling);
    expect(env.model.features).toEqual(features);
  });

  const withModelLine = (line: string): string =>
    edit(['  restarts: 8\n', `  restarts: 8\n  ${line}\n`]);
  const noFeatureList = problem(
    19,
    13,
    'model.features',
    'expected a list of features from recency, frequency, monetary',
  );

  testProblems([
    [
      'an unknown scaling',
      withModelLine('scaling: minmax'),
      [problem(19, 12, 'model.scaling', 'expected log-standard or seed')],
    ],
    [
      'an unknown feature names the element',
      withModelLine('features: [recency, clv]'),
      [problem(19, 23, 'model.features.1', 'expected one of recency, frequency, monetary')],
    ],
    ['no features', withModelLine('features: []'), [noFeatureList]],
    [
      'a feature twice',
      withModelLine('features: [recency, recency]'),
      [problem(19, 13, 'model.features', 'list each feature once')],
    ],
    ['features as text', withModelLine('features: recency'), [noFeatureList]],
  ]);

  testRejectedValues(
    'kRange %s is not a pair',
    'kRange: [3, 8]',
    ['[3, 8, 9]', '[3]', 'three', '{min: 3}'],
    problem(16, 11, 'model.kRange', 'expected [min, max], two whole numbers between 2 and 50'),
  );
});

describe('unknown keys', () => {
  testProblems([
    [
      'at the top level, on the line of the key',
      `${EXAMPLE}extra: 1\n`,
      [unknownField(21, 1, 'extra')],
    ],
    [
      'a misspelt top-level key also leaves the real one missing',
      edit(['region: eu-west-1', 'regoin: eu-west-1']),
      [
        missing(3, 1, 'region', 'expected an AWS region such as eu-west-1'),
        unknownField(5, 1, 'regoin', 'region'),
      ],
    ],
    [
      'nested in model, on the line of the key',
      edit(['  seed: 42', '  sede: 42']),
      [unknownField(17, 3, 'model.sede', 'seed')],
    ],
    [
      'nested in warehouse, on the line of the key rather than of the mapping',
      edit(['  database: rfm\n', '  database: rfm\n  tier: gold\n']),
      [unknownField(14, 3, 'warehouse.tier')],
    ],
    ['nested in load', `${EXAMPLE}  maxWarnings: 3\n`, [unknownField(21, 3, 'load.maxWarnings')]],
    [
      'a mistyped nested key names the field meant',
      edit(['maxErrors: 10', 'maxErrrors: 10']),
      [unknownField(20, 3, 'load.maxErrrors', 'maxErrors')],
    ],
    [
      'a key in the wrong case names the field meant',
      edit(['  baseCapacity: 8', '  basecapacity: 8']),
      [
        missing(11, 3, 'warehouse.baseCapacity', 'expected a whole number from 8 to 512'),
        unknownField(12, 3, 'warehouse.basecapacity', 'baseCapacity'),
      ],
    ],
    // nodeCount belongs to provisioned warehouses; a serverless one has no close field.
    [
      'a field of the other warehouse type is not suggested',
      edit(['  database: rfm\n', '  database: rfm\n  nodeCont: 2\n']),
      [unknownField(14, 3, 'warehouse.nodeCont')],
    ],
    // `model` is set, so `mode` is not offered it.
    [
      'a field already set is not suggested for a near miss',
      `${EXAMPLE}mode: 1\n`,
      [unknownField(21, 1, 'mode')],
    ],
    [
      'an empty key still names a field',
      `${EXAMPLE}"": 1\n`,
      [problem(21, 1, '""', 'unknown field ""; remove it or check its spelling')],
    ],
  ]);

  test('several unknown keys are all reported', () => {
    expect(problemsOf(`extra: 1\n${EXAMPLE}more: 2\n`).map((p) => [p.line, p.field])).toEqual([
      [1, 'extra'],
      [22, 'more'],
    ]);
  });
});

describe('YAML and document problems', () => {
  test('an unclosed bracket is reported where it was opened', () => {
    expect(problemsOf(edit(['k: auto', 'k: [auto']))).toEqual([
      problem(
        15,
        6,
        '',
        `the [ opened here is not closed: Flow sequence in block collection must be sufficiently indented and end with a ] ${SYNTAX}`,
      ),
    ]);
  });

  test('an unclosed quote is reported where it was opened', () => {
    expect(problemsOf(edit(['region: eu-west-1', 'region: "eu-west-1']))).toEqual([
      problem(5, 9, '', `the " opened here is not closed: Missing closing "quote ${SYNTAX}`),
    ]);
  });

  test('a tab used as indentation', () => {
    expect(problemsOf(edit(['  seed: 42', '\tseed: 42']))).toEqual([
      problem(17, 1, '', `Tabs are not allowed as indentation ${SYNTAX}`),
    ]);
  });

  test('a stray bracket reports a few lines, not every token after it', () => {
    const found = problemsOf(edit(['region: eu-west-1', 'region: ]eu-west-1']));
    expect(found[0]).toEqual(
      problem(5, 9, '', `Unexpected flow-seq-end token in YAML stream: "]" ${SYNTAX}`),
    );
    expect(found.length).toBeLessThanOrEqual(5);
    expect(new Set(found.map((p) => p.line)).size).toBe(found.length);
  });

  test('a duplicate key names the key and the line of the second one', () => {
    expect(problemsOf(`${EXAMPLE}region: eu-west-2\n`)).toEqual([
      problem(21, 1, 'region', '"region" is set twice; keep one of them'),
    ]);
  });

  test('a duplicate nested key names its path', () => {
    expect(problemsOf(edit(['  seed: 42\n', '  seed: 42\n  seed: 7\n']))).toEqual([
      problem(18, 3, 'model.seed', '"seed" is set twice; keep one of them'),
    ]);
  });

  test('a second YAML document', () => {
    expect(problemsOf(`${EXAMPLE}---\nteam: other\n`)).toEqual([
      problem(
        21,
        1,
        '',
        'an environment file holds a single YAML document; remove this "---" and what follows',
      ),
    ]);
  });

  test('aliases are refused with their field, not a crash', () => {
    expect(
      problemsOf(edit(['  seed: 42\n  restarts: 8', '  seed: &n 42\n  restarts: *n'])),
    ).toEqual([
      problem(
        18,
        13,
        'model.restarts',
        'aliases (*n) are not allowed in environment files; write the value out',
      ),
    ]);
  });

  test('a document that is a list', () => {
    expect(problemsOf('- team: retail-bank\n- region: eu-west-1\n')).toEqual([
      problem(
        1,
        1,
        '',
        'expected a YAML mapping with team, region, expires, owners, warehouse and model at the top level, found a list',
      ),
    ]);
  });

  test('a document that is a single string', () => {
    expect(problemsOf('retail-bank\n')).toEqual([
      problem(
        1,
        1,
        '',
        'expected a YAML mapping with team, region, expires, owners, warehouse and model at the top level, found text ("retail-bank")',
      ),
    ]);
  });

  test.each([
    ['an empty file', ''],
    ['only comments', '# to do\n\n'],
    ['only null', 'null\n'],
  ])('%s', (_what, text) => {
    expect(problemsOf(text)).toEqual([
      problem(
        1,
        1,
        '',
        'the file has no settings; an environment file is a YAML mapping with team, region, expires, owners, warehouse and model',
      ),
    ]);
  });

  test('the error message lists every problem as file:line:column field: message', () => {
    let error: unknown;
    try {
      parseEnvironment(edit(['k: auto', 'k: five'], ['region: eu-west-1', 'region: europe']), FILE);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      [
        `${FILE}:5:9 region: expected an AWS region such as eu-west-1`,
        `${FILE}:15:6 model.k: ${K_MESSAGE}`,
      ].join('\n'),
    );
    expect((error as ConfigError).name).toBe('ConfigError');
  });

  test('formatProblem leaves out an empty field', () => {
    expect(formatProblem(problem(2, 4, '', 'bad'))).toBe(`${FILE}:2:4 bad`);
    expect(formatProblem(problem(2, 4, 'model.k', 'bad'))).toBe(`${FILE}:2:4 model.k: bad`);
  });

  test('Windows line endings and a byte order mark keep the line numbers', () => {
    const text = `\ufeff${edit(['k: auto', 'k: 1']).replace(/\n/g, '\r\n')}`;
    expect(problemsOf(text)).toEqual([problem(15, 6, 'model.k', K_MESSAGE)]);
  });
});

describe('loading a directory', () => {
  const environments = tempFolder('environments', 'each');

  const write = (name: string, text: string) =>
    writeFile(join(environments.path, name), text, 'utf8');

  test('loads every yaml file, sorted by name, ignoring other files', async () => {
    await write('retail-bank.yaml', EXAMPLE);
    await write('card-fraud.yml', EXAMPLE.replace('team: retail-bank', 'team: card-fraud'));
    await write('README.md', '# not an environment\n');
    const envs = await loadEnvironments(environments.path);
    expect(envs.map((e) => e.team)).toEqual(['card-fraud', 'retail-bank']);
  });

  test('collects the problems of several files into one error', async () => {
    await write('retail-bank.yaml', edit(['k: auto', 'k: 1']));
    await write('card-fraud.yaml', EXAMPLE.replace('team: retail-bank', 'team: card-fraud'));
    await write('insurance.yaml', edit(['region: eu-west-1', 'region: europe']));
    await write('zeta.yaml', '');
    let error: unknown;
    try {
      await loadEnvironments(environments.path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => [p.file, p.line, p.field])).toEqual([
      [join(environments.path, 'insurance.yaml'), 3, 'team'],
      [join(environments.path, 'insurance.yaml'), 5, 'region'],
      [join(environments.path, 'retail-bank.yaml'), 15, 'model.k'],
      [join(environments.path, 'zeta.yaml'), 1, ''],
    ]);
    expect(problems[0]?.message).toBe(
      'team "retail-bank" must match the file name; rename the file to retail-bank.yaml or set team: insurance',
    );
  });

  test('an empty directory has no environments', async () => {
    await expect(loadEnvironments(environments.path)).resolves.toEqual([]);
  });

  test('loadTeam loads the named team', async () => {
    await write('retail-bank.yaml', EXAMPLE);
    await expect(loadTeam(environments.path, 'retail-bank')).resolves.toMatchObject({
      team: 'retail-bank',
    });
  });

  test('loadTeam lists the known teams when the team is missing', async () => {
    await write('retail-bank.yaml', EXAMPLE);
    await write('card-fraud.yml', EXAMPLE.replace('team: retail-bank', 'team: card-fraud'));
    await expect(loadTeam(environments.path, 'insurance')).rejects.toThrow(
      `no ${environments.path}/insurance.yaml (teams: card-fraud, retail-bank); add it, or name one of the teams`,
    );
  });

  test('loadTeam names the team meant by a mistyped one', async () => {
    await write('retail-bank.yaml', EXAMPLE);
    await write('card-fraud.yml', EXAMPLE.replace('team: retail-bank', 'team: card-fraud'));
    await expect(loadTeam(environments.path, 'retial-bank')).rejects.toThrow(
      `no ${environments.path}/retial-bank.yaml; did you mean retail-bank? (teams: card-fraud, retail-bank)`,
    );
  });

  test('loadTeam says none when there are no teams', async () => {
    await expect(loadTeam(join(environments.path, 'missing'), 'insurance')).rejects.toThrow(
      `no ${join(environments.path, 'missing')}/insurance.yaml (teams: none)`,
    );
  });

  test('a missing folder is named', async () => {
    await expect(loadEnvironments(join(environments.path, 'missing'))).rejects.toThrow(
      `no folder ${join(environments.path, 'missing')}/; it holds one <team>.yaml per team`,
    );
  });

  describe('a team defined by both x.yaml and x.yml', () => {
    beforeEach(async () => {
      await write('retail-bank.yaml', EXAMPLE);
      await write('retail-bank.yml', EXAMPLE);
    });

    const clash = () =>
      `${join(environments.path, 'retail-bank.yml')}: team "retail-bank" already has ${join(environments.path, 'retail-bank.yaml')}; a team has one environment file: merge the two and delete one`;

    test('is refused when loading every team, naming both files', async () => {
      const error = await loadEnvironments(environments.path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toBe(clash());
    });

    test('is refused when loading that team', async () => {
      await expect(loadTeam(environments.path, 'retail-bank')).rejects.toThrow(clash());
    });
  });

  describe('a folder named like an environment file', () => {
    beforeEach(async () => {
      await write('retail-bank.yaml', EXAMPLE);
      await mkdir(join(environments.path, 'card-fraud.yaml'));
    });

    const folder = () =>
      `${join(environments.path, 'card-fraud.yaml')}: a folder, not an environment file; rename it or move it out of ${environments.path}/`;

    test('is an error naming its path when loading every team', async () => {
      await expect(loadEnvironments(environments.path)).rejects.toThrow(folder());
    });

    test('is an error naming its path when loading that team', async () => {
      await expect(loadTeam(environments.path, 'card-fraud')).rejects.toThrow(folder());
    });

    test('is an error naming its path when read directly', async () => {
      await expect(loadEnvironmentFile(join(environments.path, 'card-fraud.yaml'))).rejects.toThrow(
        folder(),
      );
    });

    test('does not stop another team from loading', async () => {
      await expect(loadTeam(environments.path, 'retail-bank')).resolves.toMatchObject({
        team: 'retail-bank',
      });
    });
  });

  test('loadTeam reports the problems of the team file as a ConfigError', async () => {
    await write('retail-bank.yaml', edit(['k: auto', 'k: five']));
    await expect(loadTeam(environments.path, 'retail-bank')).rejects.toBeInstanceOf(ConfigError);
  });
});

describe('source', () => {
  const SOURCE = `source:
  format: transactions
  columns:
    customer_id: account_holder
    occurred_at: booked_at
    amount: amount_eur
`;
  const withSource = (source: string): string => `${EXAMPLE.trimEnd()}\n${source}`;
  const firstLine = EXAMPLE.trimEnd().split('\n').length + 1;

  test('without one, the three Olist files with their two non-purchase statuses', () => {
    expect(parseEnvironment(EXAMPLE, FILE).source).toEqual({
      format: 'olist',
      data: 'sample',
      excludeStatuses: ['canceled', 'unavailable'],
      zeroAmounts: 'purchase',
    });
  });

  test('a transactions mapping with only the three required columns', () => {
    expect(parseEnvironment(withSource(SOURCE), FILE).source).toEqual({
      format: 'transactions',
      data: 'sample',
      columns: { customer_id: 'account_holder', occurred_at: 'booked_at', amount: 'amount_eur' },
      excludeStatuses: [],
      zeroAmounts: 'excluded',
    });
  });

  testProblems([
    [
      'an unknown format',
      withSource('source:\n  format: csv\n'),
      [
        problem(
          firstLine + 1,
          11,
          'source.format',
          'expected format: olist or format: transactions',
        ),
      ],
    ],
    [
      'a required column left out, and an unknown one',
      withSource(SOURCE.replace('    amount: amount_eur\n', '    value: amount_eur\n')),
      [
        missing(
          firstLine + 3,
          5,
          'source.columns.amount',
          'expected a column name from the header of your files (1 to 128 characters)',
        ),
        unknownField(firstLine + 5, 5, 'source.columns.value'),
      ],
    ],
    [
      'excludeStatuses without a status column',
      withSource(`${SOURCE}  excludeStatuses: [reversed]\n`),
      [
        problem(
          firstLine + 6,
          20,
          'source.excludeStatuses',
          'excludeStatuses needs columns.status: the column that holds the status',
        ),
      ],
    ],
    [
      'a sample kind that does not exist',
      withSource(`${SOURCE}  sample: retail\n`),
      [problem(firstLine + 6, 11, 'source.sample', 'expected banking or insurance')],
    ],
    [
      'a currency that is not an ISO 4217 code',
      withSource(`${SOURCE}  currency: euro\n`),
      [
        problem(
          firstLine + 6,
          13,
          'source.currency',
          'expected an ISO 4217 currency code: three uppercase letters, e.g. EUR',
        ),
      ],
    ],
  ]);

  test('the currency: as given, else BRL for Olist and EUR for transactions', () => {
    const olist = parseEnvironment(EXAMPLE, FILE).source;
    const transactions = parseEnvironment(withSource(SOURCE), FILE).source;
    expect([sourceCurrency(olist), sourceCurrency(transactions)]).toEqual(['BRL', 'EUR']);
    const usd = parseEnvironment(withSource(`${SOURCE}  currency: USD\n`), FILE).source;
    expect(sourceCurrency(usd)).toBe('USD');
    const olistInGbp = parseEnvironment(
      withSource('source:\n  format: olist\n  currency: GBP\n'),
      FILE,
    ).source;
    expect(sourceCurrency(olistInGbp)).toBe('GBP');
  });
});
