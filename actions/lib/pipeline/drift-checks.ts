/**
 * The checks of what Terraform does not see, as the drift workflow runs them for one team with
 * its read-only drift role (contracts/permissions/drift.ts): the warehouse's migration history
 * against `sql/migrations`, and the published dashboard against the definition in the code.
 */
import type { QuickSightClient } from '@aws-sdk/client-quicksight';
import { sourceCurrency, type Environment } from '../../../contracts/environment/schema.js';
import { checkDashboardDrift } from '../dashboards/dashboard-drift.js';
import { rfmDashboard } from '../dashboards/definition.js';
import type { OutsideFinding } from '../gitops/outside-checks.js';
import { checkMigrations } from '../migrations/drift.js';
import { readMigrations } from '../migrations/files.js';
import type { Warehouse } from '../warehouse/warehouse.js';

/** The migration history of `wh` against the files in `migrationsDir`, as findings. */
export async function migrationDriftFindings(
  wh: Warehouse,
  migrationsDir: string,
): Promise<OutsideFinding[]> {
  const drift = await checkMigrations(wh, await readMigrations(migrationsDir));
  return drift.findings.map((f) => ({ kind: f.kind, subject: f.script, detail: f.detail }));
}

/** The team's published dashboard against the definition the code builds for it, as findings. */
export async function dashboardDriftFindings(
  client: QuickSightClient,
  target: { readonly env: Environment; readonly accountId: string },
): Promise<OutsideFinding[]> {
  const { env } = target;
  const drift = await checkDashboardDrift(client, {
    accountId: target.accountId,
    region: env.region,
    team: env.team,
    spec: rfmDashboard(sourceCurrency(env.source)),
  });
  return drift.findings.map((f) => ({
    kind: f.kind,
    subject: drift.dashboardId,
    detail: f.detail,
  }));
}
