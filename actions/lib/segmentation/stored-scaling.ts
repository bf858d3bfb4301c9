/** The scaling of a registered version, including the versions registered before it was stored. */
import { MODEL_FEATURES } from '../../../contracts/environment/schema.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { readFeatures } from './features.js';
import { fitScaling, type ScalingParameters } from './scaling.js';

/**
 * `stored` when the version has it; otherwise the version predates stored scaling and was trained
 * in the seed's 0-5 space of recency, frequency and monetary, as the data defined it, so the min
 * and max of the features loaded now stand in (what scoring used for it before).
 */
export async function scalingOrSeed(
  wh: Warehouse,
  stored: ScalingParameters | undefined,
): Promise<ScalingParameters> {
  if (stored !== undefined) return stored;
  return fitScaling(await readFeatures(wh, MODEL_FEATURES), MODEL_FEATURES, 'seed');
}
