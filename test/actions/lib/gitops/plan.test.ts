import {
  planHasChanges,
  planLine,
  resourceAction,
  summarizePlan,
} from '../../../../actions/lib/gitops/plan.js';
import { planJson } from './plan-fixtures.js';

describe('resourceAction', () => {
  test.each([
    [['create'], 'create'],
    [['update'], 'update'],
    [['delete'], 'delete'],
    [['delete', 'create'], 'replace'],
    [['create', 'delete'], 'replace'],
    [['forget'], 'forget'],
    [['no-op'], undefined],
    [['read'], undefined],
  ])('%p → %p', (actions, action) => {
    expect(resourceAction(actions)).toBe(action);
  });

  test('an action list Terraform does not document is an error, not a silent zero', () => {
    expect(() => resourceAction(['create', 'update'])).toThrow(
      'unknown Terraform plan action list [create, update]',
    );
  });
});

describe('summarizePlan', () => {
  test("counts as Terraform's summary line does: a replace is one add and one destroy", () => {
    const plan = summarizePlan(
      planJson([
        { address: 'aws_s3_bucket.a', actions: ['create'] },
        { address: 'aws_s3_bucket.b', actions: ['update'] },
        { address: 'aws_s3_bucket.c', actions: ['delete'] },
        {
          address: 'aws_redshift_cluster.d',
          actions: ['delete', 'create'],
          reason: 'replace_because_cannot_update',
        },
        { address: 'aws_s3_bucket.e', actions: ['no-op'] },
        { address: 'data.aws_caller_identity.f', actions: ['read'], mode: 'data' },
      ]),
    );
    expect(plan).toMatchObject({ add: 2, change: 1, destroy: 2, import: 0, forget: 0 });
    expect(plan.changes.map((c) => [c.address, c.action])).toEqual([
      ['aws_s3_bucket.a', 'create'],
      ['aws_s3_bucket.b', 'update'],
      ['aws_s3_bucket.c', 'delete'],
      ['aws_redshift_cluster.d', 'replace'],
    ]);
    expect(plan.changes[3]?.reason).toBe('replace_because_cannot_update');
    expect(planLine(plan)).toBe('Plan: 2 to add, 1 to change, 2 to destroy.');
  });

  test('an import with nothing else to do counts only as an import', () => {
    const plan = summarizePlan(
      planJson([{ address: 'aws_s3_bucket.a', actions: ['no-op'], importing: true }]),
    );
    expect(plan).toMatchObject({ add: 0, change: 0, destroy: 0, import: 1 });
    expect(plan.changes[0]?.action).toBe('import');
    expect(planLine(plan)).toBe('Plan: 1 to import, 0 to add, 0 to change, 0 to destroy.');
  });

  test('no changes, and changes to outputs only', () => {
    const none = summarizePlan(planJson([{ address: 'aws_s3_bucket.a', actions: ['no-op'] }]));
    expect(planHasChanges(none)).toBe(false);
    expect(planLine(none)).toBe('No changes.');
    const outputs = summarizePlan(planJson([], { region: ['update'], bucket: ['no-op'] }));
    expect(outputs.outputChanges).toBe(1);
    expect(planHasChanges(outputs)).toBe(true);
    expect(planLine(outputs)).toBe('Changes to outputs only.');
  });

  test('a plan with no resource_changes at all (an empty stack) has no changes', () => {
    const plan = summarizePlan({ format_version: '1.2', terraform_version: '1.11.4' });
    expect(plan.changes).toEqual([]);
  });

  test('text that is not JSON, or JSON that is not a plan, names the file and the fix', () => {
    expect(() => summarizePlan('Plan: 1 to add', 'acme.plan.json')).toThrow(
      /^acme\.plan\.json: not JSON .*pass the output of terraform show -json <planfile>$/,
    );
    expect(() => summarizePlan('{"resource_changes": []}', 'acme.plan.json')).toThrow(
      /^acme\.plan\.json: not a Terraform plan in JSON \(format_version: .*\); pass the output/,
    );
  });
});
