import {
  DEFAULT_GRACE_DAYS,
  expiredTeams,
  expiryMode,
  expiryStatus,
  isLive,
  teardownAt,
} from '../../../../actions/lib/gitops/expiry.js';

const team = { team: 'acme', expires: '2027-03-31' };
const at = (iso: string): Date => new Date(iso);

describe('teardownAt', () => {
  test('is the day after expires plus the grace days, at midnight UTC', () => {
    expect(teardownAt('2027-03-31', 0).toISOString()).toBe('2027-04-01T00:00:00.000Z');
    expect(teardownAt('2027-03-31', 7).toISOString()).toBe('2027-04-08T00:00:00.000Z');
    expect(teardownAt('2028-02-28', 1).toISOString()).toBe('2028-03-01T00:00:00.000Z');
  });

  test('refuses a negative or fractional grace period and a malformed date', () => {
    expect(() => teardownAt('2027-03-31', -1)).toThrow(
      'grace period must be a whole number of days ≥ 0, got -1',
    );
    expect(() => teardownAt('2027-03-31', 1.5)).toThrow(/whole number/);
    expect(() => teardownAt('31/03/2027', 7)).toThrow(
      'expires "31/03/2027" is not a date written YYYY-MM-DD',
    );
  });
});

describe('expiryStatus', () => {
  test.each([
    ['2027-03-31T23:59:59Z', 'active', 8],
    ['2027-04-01T00:00:00Z', 'grace', 7],
    ['2027-04-07T23:59:59Z', 'grace', 1],
    ['2027-04-08T00:00:00Z', 'expired', 0],
    ['2027-05-01T12:00:00Z', 'expired', -23],
  ])('at %s the team is %s (%i days to teardown)', (now, state, days) => {
    const s = expiryStatus(team, at(now), DEFAULT_GRACE_DAYS);
    expect(s.state).toBe(state);
    expect(s.daysToTeardown).toBe(days);
    expect(isLive(team, at(now), DEFAULT_GRACE_DAYS)).toBe(state !== 'expired');
  });

  test('with no grace period a team is torn down the day after it expires', () => {
    expect(expiryStatus(team, at('2027-04-01T00:00:00Z'), 0).state).toBe('expired');
  });
});

describe('expiredTeams', () => {
  test('lists only the teams past their teardown moment, sorted', () => {
    const envs = [
      { team: 'zeta', expires: '2027-01-01' },
      { team: 'acme', expires: '2027-03-31' },
      { team: 'beta', expires: '2027-01-15' },
    ];
    const expired = expiredTeams(envs, at('2027-04-02T00:00:00Z'), DEFAULT_GRACE_DAYS);
    expect(expired.map((s) => s.team)).toEqual(['beta', 'zeta']);
  });
});

describe('expiryMode', () => {
  test('a scheduled run destroys', () => {
    expect(expiryMode('schedule', '')).toEqual({ dryRun: false, why: 'scheduled run' });
  });

  test.each([
    ['', true],
    ['true', true],
    ['false', false],
  ])('a manual run with dry-run %p is a dry run: %p', (input, dryRun) => {
    expect(expiryMode('workflow_dispatch', input).dryRun).toBe(dryRun);
  });

  test('anything but true or false is refused, naming the input', () => {
    expect(() => expiryMode('workflow_dispatch', 'yes')).toThrow(
      'input dry-run is "yes"; expected true or false',
    );
  });
});
