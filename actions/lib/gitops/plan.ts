/**
 * Reads the JSON of `terraform show -json <planfile>` into what a reviewer needs: the counts that
 * Terraform prints as "Plan: N to add, N to change, N to destroy." and each resource's action.
 */
import { z } from 'zod';

/**
 * What happens to one resource, in Terraform's terms. A replace is a destroy plus a create;
 * `import` is an import with nothing else to do.
 */
export type ResourceAction = 'create' | 'update' | 'delete' | 'replace' | 'forget' | 'import';

/** One resource the plan changes. */
export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly action: ResourceAction;
  /** Terraform's `action_reason`, e.g. `replace_because_cannot_update`, when it gives one. */
  readonly reason?: string;
  /** The resource is being imported (alone or together with `action`). */
  readonly importing: boolean;
}

/** The plan's counts, as Terraform's own summary line counts them, plus the changes themselves. */
export interface PlanSummary {
  readonly terraformVersion: string;
  /** Creates plus replaces. */
  readonly add: number;
  /** In-place updates. */
  readonly change: number;
  /** Deletes plus replaces. */
  readonly destroy: number;
  readonly import: number;
  readonly forget: number;
  /** Root module outputs whose value changes. */
  readonly outputChanges: number;
  /** Managed resources with an action other than no-op, in the plan's order. */
  readonly changes: readonly ResourceChange[];
}

const resourceChange = z.object({
  address: z.string(),
  mode: z.string(),
  type: z.string(),
  change: z.object({
    actions: z.array(z.string()),
    importing: z.unknown().optional(),
  }),
  action_reason: z.string().optional(),
});

const planJson = z.object({
  format_version: z.string(),
  terraform_version: z.string(),
  resource_changes: z.array(resourceChange).optional(),
  output_changes: z.record(z.string(), z.object({ actions: z.array(z.string()) })).optional(),
});

/** Terraform's action list for one resource, as one action; undefined for no-op and read. */
export function resourceAction(
  actions: readonly string[],
): Exclude<ResourceAction, 'import'> | undefined {
  const key = actions.join(',');
  switch (key) {
    case 'create':
    case 'update':
    case 'delete':
    case 'forget':
      return key;
    case 'delete,create':
    case 'create,delete':
      return 'replace';
    case 'no-op':
    case 'read':
    case '':
      return undefined;
    default:
      throw new Error(`unknown Terraform plan action list [${actions.join(', ')}]`);
  }
}

/**
 * Summarises a plan from `terraform show -json` text (or the parsed value). `source` names the file
 * in errors.
 */
export function summarizePlan(
  json: string | unknown,
  source = 'terraform show -json',
): PlanSummary {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (e) {
      throw new Error(
        `${source}: not JSON (${(e as Error).message}); pass the output of terraform show -json <planfile>`,
      );
    }
  }
  const parsed = planJson.safeParse(value);
  if (!parsed.success) {
    throw new Error(
      `${source}: not a Terraform plan in JSON (${parsed.error.issues[0]?.path.join('.') || 'top level'}: ${parsed.error.issues[0]?.message}); pass the output of terraform show -json <planfile>`,
    );
  }
  const plan = parsed.data;
  const changes: ResourceChange[] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode !== 'managed') continue;
    const importing = rc.change.importing !== undefined && rc.change.importing !== null;
    const action = resourceAction(rc.change.actions) ?? (importing ? 'import' : undefined);
    if (action === undefined) continue;
    changes.push({
      address: rc.address,
      type: rc.type,
      action,
      ...(rc.action_reason === undefined ? {} : { reason: rc.action_reason }),
      importing,
    });
  }
  const count = (...actions: ResourceAction[]): number =>
    changes.filter((c) => actions.includes(c.action)).length;
  return {
    terraformVersion: plan.terraform_version,
    add: count('create', 'replace'),
    change: count('update'),
    destroy: count('delete', 'replace'),
    import: changes.filter((c) => c.importing).length,
    forget: count('forget'),
    outputChanges: Object.values(plan.output_changes ?? {}).filter(
      (o) => resourceAction(o.actions) !== undefined,
    ).length,
    changes,
  };
}

/** True when applying the plan would change any resource or output. */
export function planHasChanges(plan: PlanSummary): boolean {
  return plan.changes.length > 0 || plan.outputChanges > 0;
}

/** Terraform's own summary line: `Plan: 1 to add, 0 to change, 0 to destroy.` or `No changes.` */
export function planLine(plan: PlanSummary): string {
  if (plan.changes.length === 0) {
    return plan.outputChanges > 0 ? 'Changes to outputs only.' : 'No changes.';
  }
  const parts = [
    ...(plan.import > 0 ? [`${plan.import} to import`] : []),
    `${plan.add} to add`,
    `${plan.change} to change`,
    `${plan.destroy} to destroy`,
    ...(plan.forget > 0 ? [`${plan.forget} to forget`] : []),
  ];
  return `Plan: ${parts.join(', ')}.`;
}
