import { expect, test } from '@jest/globals';
import { dashboardDefinitionHash } from '../../../../actions/lib/dashboards/definition-hash.js';
import { rfmDashboard } from '../../../../actions/lib/dashboards/definition.js';
import type { DashboardSpec } from '../../../../actions/lib/dashboards/types.js';

test('the same code gives the same hash; the currency, a title or a dataset query change it', () => {
  const eur = dashboardDefinitionHash(rfmDashboard('EUR'));
  expect(eur).toMatch(/^[0-9a-f]{64}$/);
  expect(dashboardDefinitionHash(rfmDashboard('EUR'))).toBe(eur);
  expect(dashboardDefinitionHash(rfmDashboard('GBP'))).not.toBe(eur);

  const spec = rfmDashboard('EUR');
  const retitled: DashboardSpec = { ...spec, title: `${spec.title} (new)` };
  expect(dashboardDefinitionHash(retitled)).not.toBe(eur);

  const [first, ...rest] = spec.datasets;
  const requeried: DashboardSpec = {
    ...spec,
    datasets: [{ ...first!, source: { sql: 'select 1 as x' } }, ...rest],
  };
  expect(dashboardDefinitionHash(requeried)).not.toBe(eur);
});
