/**
 * The dashboard's datasets are the ones the stacks grant and teardown deletes (contracts/naming.ts):
 * a dataset added to the definition but not there would be refused by IAM on a real account.
 */
import { expect, test } from '@jest/globals';
import { QUICKSIGHT_DATASET_IDS } from '../../../../contracts/naming.js';
import { RFM_DASHBOARD } from '../../../../actions/lib/dashboards/definition.js';

test('every dataset of the definition is a declared QuickSight dataset, and the other way round', () => {
  expect(RFM_DASHBOARD.datasets.map((d) => d.id)).toEqual([...QUICKSIGHT_DATASET_IDS]);
});

test('no dataset id is another one after a dash, so team ids cannot make two datasets collide', () => {
  for (const id of QUICKSIGHT_DATASET_IDS) {
    const parts = id.split('-');
    for (let i = 1; i < parts.length; i++) {
      expect(QUICKSIGHT_DATASET_IDS).not.toContain(parts.slice(i).join('-'));
    }
  }
});
