/**
 * Short names for clusters, generated from each centroid's profile relative to the customers
 * trained on, e.g. "recent, one-off, high spend". The profile is measured on one reference scale
 * whatever space the model clusters in (log-standard: standard deviations from the mean, after
 * log1p of frequency and money), so the same centroid gets the same name under either scaling.
 */
import { z } from 'zod';
import type { ModelFeature } from '../../../contracts/environment/schema.js';
import type { FeatureMatrix } from './features.js';
import { fitScaling, fromRealUnits, toRealUnits, type ScalingParameters } from './scaling.js';

/** One cluster as a version describes it: name, centroid in real units, profile. */
export interface ClusterDescription {
  readonly cluster: number;
  readonly name: string;
  /** The centroid in real units (days, purchases, money), one value per clustered feature. */
  readonly centroid_real: readonly number[];
  /** Standard deviations from the customers' mean on the reference scale, one per feature. */
  readonly profile: readonly number[];
}

/** Words for a profile value, lowest first: below −1.5, −1.5..−0.5, −0.5..0.5, 0.5..1.5, above. */
type Words = readonly [string, string, string, string, string];

const WORDS: Readonly<Record<ModelFeature, Words>> = {
  // Few days since the last purchase is recent.
  recency: ['very recent', 'recent', 'lapsing', 'lapsed', 'long lapsed'],
  frequency: ['infrequent', 'infrequent', 'regular', 'frequent', 'very frequent'],
  monetary: ['very low spend', 'low spend', 'mid spend', 'high spend', 'top spend'],
};

/** Below this many purchases at the centroid, a cluster buys once: "one-off". */
const ONE_OFF_BELOW = 1.5;

/**
 * Centroids closer than this on a feature (in standard deviations) share its word, so two
 * clusters at 165 and 174 days are not called "recent" and "lapsing" across a cut-off.
 */
const SAME_WORD_WITHIN = 0.3;

/** The word of one feature at a profile value (and the real value, for "one-off"). */
function wordOf(feature: ModelFeature, profile: number, real: number): string {
  if (feature === 'frequency' && real < ONE_OFF_BELOW) return 'one-off';
  const level =
    profile < -1.5 ? 0 : profile < -0.5 ? 1 : profile <= 0.5 ? 2 : profile <= 1.5 ? 3 : 4;
  return WORDS[feature][level];
}

/**
 * The profile value each centroid is worded by on one feature: centroids are taken in order of
 * their values, and each joins the group of the one before while it lies within
 * {@link SAME_WORD_WITHIN} of the group's smallest value; a group is worded by its mean.
 */
function wordingValues(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
  const worded = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    const first = values[order[start]!]!;
    while (end < order.length && values[order[end]!]! - first < SAME_WORD_WITHIN) end++;
    const group = order.slice(start, end);
    const mean = group.reduce((a, i) => a + values[i]!, 0) / group.length;
    for (const i of group) worded[i] = mean;
    start = end;
  }
  return worded;
}

/** Reads recency, frequency, monetary in that order, whatever order the model clusters them in. */
const NAME_ORDER: readonly ModelFeature[] = ['recency', 'frequency', 'monetary'];

/**
 * Names and profiles of `centroids` (clustered space of `scaling`), against the customers in
 * `raw` (real units, the model's features in its order). Deterministic: the same centroids and
 * data give the same names. Clusters that would share a name get " (2)", " (3)"… in id order.
 * Words by profile value: below −1.5, −1.5 to −0.5, −0.5 to 0.5, 0.5 to 1.5, above 1.5.
 */
export function describeClusters(
  centroids: readonly (readonly number[])[],
  scaling: ScalingParameters,
  raw: FeatureMatrix,
): ClusterDescription[] {
  const features = scaling.features.map((f) => f.feature);
  const reference = fitScaling(raw, features, 'log-standard');
  const reals = centroids.map((centroid) => toRealUnits(centroid, scaling));
  const profiles = reals.map((real) => fromRealUnits(real, reference));
  const worded = features.map((_f, j) => wordingValues(profiles.map((p) => p[j]!)));
  const described = reals.map((real, cluster) => {
    const words = NAME_ORDER.flatMap((feature) => {
      const j = features.indexOf(feature);
      return j < 0 ? [] : [wordOf(feature, worded[j]![cluster]!, real[j]!)];
    });
    return { cluster, name: words.join(', '), centroid_real: real, profile: profiles[cluster]! };
  });
  const seen = new Map<string, number>();
  return described.map((d) => {
    const count = (seen.get(d.name) ?? 0) + 1;
    seen.set(d.name, count);
    return count === 1 ? d : { ...d, name: `${d.name} (${count})` };
  });
}

/** {@link ClusterDescription} as stored in model.json and the metrics JSON. */
export const clusterDescriptionSchema = z.strictObject({
  cluster: z.int().min(0),
  name: z.string().min(1).max(128),
  centroid_real: z.array(z.number()),
  profile: z.array(z.number()),
});
