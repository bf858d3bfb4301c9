import { rfmDashboard } from '../../actions/lib/dashboards/definition.js';
import {
  allVisuals,
  type DashboardSpec,
  type VisualSpec,
} from '../../actions/lib/dashboards/types.js';

/** The RFM dashboard's visual `id`, which must be of `kind`: tests build on what ships. */
export function rfmVisual<K extends VisualSpec['kind']>(
  id: string,
  kind: K,
  spec: DashboardSpec = rfmDashboard('EUR'),
): Extract<VisualSpec, { kind: K }> {
  const found = allVisuals(spec).find((v) => v.id === id);
  if (found?.kind !== kind)
    throw new Error(`definition.ts: the RFM dashboard has no ${kind} visual "${id}"`);
  return found as Extract<VisualSpec, { kind: K }>;
}

/** `spec` with one sheet that holds only `visuals` (its datasets and the rest kept). */
export const withOnlyVisuals = (
  spec: DashboardSpec,
  visuals: readonly VisualSpec[],
): DashboardSpec => ({ ...spec, sheets: [{ id: 's', title: 'S', visuals }] });
