import { distance } from 'fastest-levenshtein';

/**
 * The known name `word` was most likely meant to be, or undefined when none is close: at most one
 * edit per three characters (`maxErrrors` → `maxErrors`, `retial-bank` → `retail-bank`), case
 * ignored. Ties go to the name listed first.
 */
export function closestName(word: string, known: readonly string[]): string | undefined {
  // At least one character must survive: `x` is not a typo of `y`.
  const budget = Math.min(Math.max(1, Math.ceil(word.length / 3)), word.length - 1);
  let best: { name: string; cost: number } | undefined;
  for (const name of known) {
    if (name === word) continue;
    const cost = distance(word.toLowerCase(), name.toLowerCase());
    if (cost <= budget && (best === undefined || cost < best.cost)) best = { name, cost };
  }
  return best?.name;
}
