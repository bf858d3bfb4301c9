/**
 * The ten named RFM segments as people read them: a name, the recency and frequency scores that
 * define the segment (sql/migrations/R__29_rfm_segment_rules.sql assigns them; a test checks the
 * two agree), one line on who is in it and one on what to do. The dashboard page, the QuickSight
 * datasets and the CLI summary all take their words from here.
 */
import { sqlString } from '../sql/literal.js';

/** Scores from 1 to 5, lowest and highest included. */
export type ScoreRange = readonly [number, number];

export interface RfmSegment {
  /** The segment as the warehouse stores it, e.g. `cant_lose_them`. */
  readonly id: string;
  /** What people call it, e.g. `Can't lose them`. */
  readonly name: string;
  readonly recency: ScoreRange;
  readonly frequency: ScoreRange;
  /** Who is in it, in one line. */
  readonly definition: string;
  /** What to do with them, in one line. */
  readonly action: string;
  /** The segment's colour on the page (treemap, grid, migration). */
  readonly colour: string;
}

/** In display order: the most valuable first. */
export const RFM_SEGMENTS: readonly RfmSegment[] = [
  {
    id: 'champions',
    name: 'Champions',
    recency: [5, 5],
    frequency: [4, 5],
    definition: 'Bought very recently and buy most often.',
    action: 'Reward them: early access and perks; ask for reviews and referrals.',
    colour: '#1b7f3b',
  },
  {
    id: 'loyal_customers',
    name: 'Loyal customers',
    recency: [3, 4],
    frequency: [4, 5],
    definition: 'Buy often and bought not long ago.',
    action: 'Offer higher-value products and a loyalty programme.',
    colour: '#4caf50',
  },
  {
    id: 'potential_loyalists',
    name: 'Potential loyalists',
    recency: [4, 5],
    frequency: [2, 3],
    definition: 'Recent customers who have come back once or twice.',
    action: 'Recommend related products; invite them to a membership.',
    colour: '#8bc34a',
  },
  {
    id: 'new_customers',
    name: 'New customers',
    recency: [5, 5],
    frequency: [1, 1],
    definition: 'Made their first purchase very recently.',
    action: 'Welcome them: onboarding, help with the first use, a reason to return.',
    colour: '#26a69a',
  },
  {
    id: 'promising',
    name: 'Promising',
    recency: [4, 4],
    frequency: [1, 1],
    definition: 'Bought once, fairly recently.',
    action: 'Make a second purchase easy: a timely offer or a trial.',
    colour: '#4fc3f7',
  },
  {
    id: 'need_attention',
    name: 'Need attention',
    recency: [3, 3],
    frequency: [3, 3],
    definition: 'Average recency and frequency; starting to drift.',
    action: 'Reactivate with a time-limited offer based on past purchases.',
    colour: '#fbc02d',
  },
  {
    id: 'about_to_sleep',
    name: 'About to sleep',
    recency: [3, 3],
    frequency: [1, 2],
    definition: 'Below-average recency with one or two purchases.',
    action: 'Reconnect before they lapse: popular products, a small discount.',
    colour: '#ff9800',
  },
  {
    id: 'cant_lose_them',
    name: "Can't lose them",
    recency: [1, 2],
    frequency: [5, 5],
    definition: 'Used to buy most often, but not for a long time.',
    action: 'Win them back personally: call, renewals, new products.',
    colour: '#c62828',
  },
  {
    id: 'at_risk',
    name: 'At risk',
    recency: [1, 2],
    frequency: [3, 4],
    definition: 'Bought often, but long ago.',
    action: 'Send personalised reactivation offers before they are gone.',
    colour: '#ef6c6c',
  },
  {
    id: 'hibernating',
    name: 'Hibernating',
    recency: [1, 2],
    frequency: [1, 2],
    definition: 'Last purchase long ago, and few of them.',
    action: 'Low-cost reactivation only; do not overspend on them.',
    colour: '#9e9e9e',
  },
];

/** Labels of the migration's two sides: a segment before and now must be different nodes. */
export const BEFORE = ' (before)';
export const NOW = ' (now)';
/** A customer in the current snapshot only, and one in the previous only. */
export const NEW_CUSTOMERS = 'Not yet a customer';
export const GONE_CUSTOMERS = 'No longer a customer';

const range = ([lo, hi]: ScoreRange): string => (lo === hi ? `${lo}` : `${lo}-${hi}`);

/** The scores that define a segment: `R 5, F 4-5`. */
export const segmentRule = (s: RfmSegment): string =>
  `R ${range(s.recency)}, F ${range(s.frequency)}`;

/** The segment of one cell of the recency × frequency grid, by the table above. */
export function segmentOfCell(r: number, f: number): RfmSegment | undefined {
  return RFM_SEGMENTS.find(
    (s) => r >= s.recency[0] && r <= s.recency[1] && f >= s.frequency[0] && f <= s.frequency[1],
  );
}

/** A segment's readable name; an unknown id is shown as it is. */
export const segmentName = (id: string): string =>
  RFM_SEGMENTS.find((s) => s.id === id)?.name ?? id;

const text = (value: string, width = 256): string =>
  `cast(${sqlString(value, 'segment label')} as varchar(${width}))`;

/**
 * The segment table as a derived table in Redshift's dialect (`segment`, `segment_name`,
 * `segment_rule`, `segment_definition`, `segment_action`, `segment_order`), for the datasets to
 * join: QuickSight runs it as part of their custom SQL.
 */
export function segmentLabelsSql(): string {
  const rows = RFM_SEGMENTS.map(
    (s, i) =>
      `select ${text(s.id, 32)} as segment, ${text(s.name, 64)} as segment_name, ` +
      `${text(segmentRule(s), 32)} as segment_rule, ${text(s.definition)} as segment_definition, ` +
      `${text(s.action)} as segment_action, ${i + 1} as segment_order`,
  );
  return `(\n    ${rows.join('\n    union all\n    ')}\n)`;
}

/** Colours by the label a chart shows: each segment's name, before and now. */
export function segmentColours(): Readonly<Record<string, string>> {
  return Object.fromEntries(
    RFM_SEGMENTS.flatMap((s) => [
      [s.name, s.colour],
      [`${s.name}${BEFORE}`, s.colour],
      [`${s.name}${NOW}`, s.colour],
    ]),
  );
}
