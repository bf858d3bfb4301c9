import { AnnotationMetadataEntryType, Testing, type TerraformStack } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest.js';
import type { IConstruct } from 'constructs';
import { parseEnvironment } from '../../contracts/environment/load.js';
import type { Environment } from '../../contracts/environment/schema.js';

let matchersReady = false;

/** Registers cdktf's jest matchers (toHaveResourceWithProperties, ...) once per test file. */
export function setupCdktfMatchers(): void {
  if (matchersReady) return;
  Testing.setupJest();
  matchersReady = true;
}

/** A synthesized stack, parsed. */
export interface SynthJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: unknown }>;
  readonly terraform?: Record<string, unknown>;
  readonly provider?: Record<string, unknown[]>;
}

export const parseSynth = (json: string): SynthJson => JSON.parse(json) as SynthJson;

/** Every resource of `type` in a synthesized stack, as plain objects. */
export function resourcesOf(json: string, type: string): Record<string, unknown>[] {
  return Object.values(parseSynth(json).resource?.[type] ?? {});
}

/** The one resource of `type`; fails when there are none or several. */
export function onlyResource(json: string, type: string): Record<string, unknown> {
  const all = resourcesOf(json, type);
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0]!;
}

/** The parsed IAM policy documents of every resource of `type` (its `policy` argument). */
export function policiesOf(json: string, type: string, field = 'policy'): PolicyJson[] {
  return resourcesOf(json, type).map((r) => JSON.parse(String(r[field])) as PolicyJson);
}

export interface PolicyJson {
  readonly Statement: ReadonlyArray<{
    readonly Sid?: string;
    readonly Effect: string;
    readonly Action: string | string[];
    readonly Resource?: string | string[];
    readonly NotResource?: string | string[];
    readonly Principal?: unknown;
    readonly Condition?: Record<string, Record<string, unknown>>;
  }>;
}

/** Error annotations (`Annotations.addError`) in `stack`, after a synth has run its aspects. */
export function synthErrors(stack: TerraformStack): string[] {
  Testing.synth(stack);
  return stack.node
    .findAll()
    .flatMap((c: IConstruct) => c.node.metadata)
    .filter((m) => m.type === AnnotationMetadataEntryType.ERROR)
    .map((m) => String(m.data));
}

/** A valid environment file's text, with fields replaced by `overrides` (YAML lines). */
export function environmentYaml(team: string, overrides: Record<string, string> = {}): string {
  const fields: Record<string, string> = {
    team: `team: ${team}`,
    region: 'region: eu-west-1',
    expires: 'expires: 2030-06-30',
    owners: "owners: ['@octocat']",
    warehouse: 'warehouse: { type: serverless, baseCapacity: 8, database: rfm }',
    model: 'model: { k: auto }',
    ...overrides,
  };
  return Object.values(fields).join('\n') + '\n';
}

/** A validated environment, parsed exactly as the loader parses files. */
export function environment(team: string, overrides: Record<string, string> = {}): Environment {
  return parseEnvironment(environmentYaml(team, overrides), `${team}.yaml`);
}
