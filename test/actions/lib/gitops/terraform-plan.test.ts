/**
 * The plan comment from a real plan: a synthesized team stack, planned by Terraform against moto,
 * exported with `terraform show -json`. Planned once; every test reads the same JSON.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PLAN_COMMENT_MARKER,
  renderPlanComment,
} from '../../../../actions/lib/gitops/plan-comment.js';
import { planLine, summarizePlan, type PlanSummary } from '../../../../actions/lib/gitops/plan.js';
import { startMoto, type MotoServer } from '../../../support/moto.js';
import { initMotoTeamStack, motoTeamEnvironment } from '../../../stacks/moto-team-stack.js';

const env = motoTeamEnvironment('plan-team');

let moto: MotoServer | undefined;
let planText: string;
let planJson: string;
let plan: PlanSummary;

beforeAll(async () => {
  const started = performance.now();
  moto = await startMoto();
  const outdir = mkdtempSync(join(tmpdir(), 'gitops-plan-'));
  const tf = await initMotoTeamStack(outdir, env, moto.url);
  planText = (await tf.run(['plan', '-input=false', '-out=tfplan'], 90_000)).stdout;
  planJson = (await tf.run(['show', '-json', 'tfplan'], 60_000)).stdout;
  plan = summarizePlan(planJson, 'team-plan-team/tfplan');
  process.stderr.write(
    `planned team-plan-team against moto in ${Math.round(performance.now() - started)} ms\n`,
  );
}, 180_000);

afterAll(async () => {
  await moto?.stop();
});

test('the counts are the ones Terraform prints in its own summary line', () => {
  const line = /^Plan: .*\.$/m.exec(planText)?.[0];
  expect(line).toBeDefined();
  expect(planLine(plan)).toBe(line);
  expect(plan.add).toBeGreaterThan(20);
  expect(plan).toMatchObject({ change: 0, destroy: 0 });
  expect(plan.changes.every((c) => c.action === 'create')).toBe(true);
});

test('the comment shows the team with its counts and every resource, collapsed', () => {
  const comment = renderPlanComment({
    teams: [{ team: 'plan-team', plan }],
    commit: '0123456789abcdef',
    runUrl: 'https://github.com/acme/rfm/actions/runs/1',
  });
  expect(comment.startsWith(PLAN_COMMENT_MARKER)).toBe(true);
  expect(comment).toContain(`### 📝 \`plan-team\`: ${planLine(plan)}`);
  expect(comment).toContain(`| ${plan.add} | 0 | 0 |`);
  expect(comment).toContain(`<details><summary>${plan.add} resource changes</summary>`);
  for (const address of ['aws_redshift_cluster.', 'aws_s3_bucket.', 'aws_kms_key.']) {
    expect(comment).toMatch(new RegExp(`^\\+ {3}${address.replace('.', '\\.')}`, 'm'));
  }
  for (const c of plan.changes) expect(comment).toContain(`+   ${c.address}`);
});

test('the same plan, applied to an existing stack, would read as an update', () => {
  // Re-label the real plan's first change as an in-place update, as a later push would show it.
  const parsed = JSON.parse(planJson) as {
    resource_changes: { mode: string; change: { actions: string[] } }[];
  };
  const first = parsed.resource_changes.find((rc) => rc.mode === 'managed')!;
  first.change.actions = ['update'];
  const updated = summarizePlan(parsed);
  expect(updated).toMatchObject({ add: plan.add - 1, change: 1, destroy: 0 });
});
