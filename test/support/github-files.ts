import {
  convertWorkflowTemplate,
  NoOperationTraceWriter,
  parseWorkflow,
} from '@actions/workflow-parser';
import {
  convertActionTemplate,
  parseAction,
  type ActionTemplate,
} from '@actions/workflow-parser/actions/index';
import type { WorkflowTemplate } from '@actions/workflow-parser/model/workflow-template';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `.github/workflows/*.yml`, as paths relative to the root. */
export function workflowFiles(root = ROOT): string[] {
  const dir = join(root, '.github', 'workflows');
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => relative(root, join(dir, f)));
}

/** Every `action.yml` of the repository: the actions under `actions/` and `.github/actions/`. */
export function actionManifests(root = ROOT): string[] {
  return ['actions', join('.github', 'actions')].flatMap((parent) => {
    const dir = join(root, parent);
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'action.yml')))
      .map((e) => join(parent, e.name, 'action.yml'))
      .sort();
  });
}

/** GitHub's own parser's verdict on a workflow file: its errors, and the model when there are none. */
export async function checkWorkflow(
  name: string,
  content: string,
): Promise<{ errors: string[]; template?: WorkflowTemplate }> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map(String);
  if (errors.length > 0 || parsed.value === undefined) return { errors };
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  const conversion = [
    ...(template.errors ?? []).map((e) => e.Message),
    ...parsed.context.errors.getErrors().map(String),
  ];
  return conversion.length > 0 ? { errors: conversion } : { errors: [], template };
}

/** GitHub's own parser's verdict on an action manifest. */
export function checkAction(
  name: string,
  content: string,
): { errors: string[]; template?: ActionTemplate } {
  const parsed = parseAction({ name, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map(String);
  if (errors.length > 0 || parsed.value === undefined) return { errors };
  const template = convertActionTemplate(parsed.context, parsed.value);
  const conversion = parsed.context.errors.getErrors().map(String);
  return conversion.length > 0 ? { errors: conversion } : { errors: [], template };
}

/** One input an action declares. */
export interface DeclaredInput {
  readonly required: boolean;
  readonly default?: string;
}

/**
 * The inputs the action in `dir` (relative to the root) declares, read from its YAML, so that a
 * manifest error elsewhere (reported by {@link checkAction}) does not hide them.
 */
export function declaredInputs(dir: string, root = ROOT): Map<string, DeclaredInput> {
  const manifest = readYaml<{ inputs?: Record<string, { required?: boolean; default?: unknown }> }>(
    join(dir, 'action.yml'),
    root,
  );
  return new Map(
    Object.entries(manifest.inputs ?? {}).map(([name, input]) => [
      name,
      {
        required: input.required === true,
        ...(input.default === undefined ? {} : { default: String(input.default) }),
      },
    ]),
  );
}

/** A step as written in YAML. */
export interface RawStep {
  readonly name?: string;
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly if?: string;
}

/** A job as written in YAML. */
export interface RawJob {
  readonly name?: string;
  readonly permissions?: Record<string, string>;
  readonly 'timeout-minutes'?: number;
  readonly environment?: string;
  readonly concurrency?: { group?: string; 'cancel-in-progress'?: boolean };
  readonly steps?: RawStep[];
  readonly strategy?: unknown;
  readonly needs?: string | string[];
  readonly if?: string;
  readonly env?: Record<string, string>;
}

/** A workflow as written in YAML. */
export interface RawWorkflow {
  readonly name?: string;
  readonly on: Record<string, { paths?: string[] } | null>;
  readonly permissions?: Record<string, string>;
  readonly jobs: Record<string, RawJob>;
}

/** A composite action as written in YAML. */
export interface RawAction {
  readonly runs: { using: string; main?: string; steps?: RawStep[] };
}

export const readYaml = <T>(file: string, root = ROOT): T =>
  parse(readFileSync(join(root, file), 'utf8')) as T;

/** A step of a workflow job or a composite action, with where it is. */
export interface PlacedStep {
  /** `<file> job <job> step <n>` in a workflow, `<file> step <n>` in an action. */
  readonly where: string;
  readonly step: RawStep;
}

/** Every step of every workflow job and composite action of the repository. */
export function everyStep(root = ROOT): PlacedStep[] {
  return [
    ...workflowFiles(root).flatMap((file) =>
      Object.entries(readYaml<RawWorkflow>(file, root).jobs).flatMap(([job, j]) =>
        (j.steps ?? []).map((step, i) => ({ where: `${file} job ${job} step ${i + 1}`, step })),
      ),
    ),
    ...actionManifests(root).flatMap((file) =>
      (readYaml<RawAction>(file, root).runs.steps ?? []).map((step, i) => ({
        where: `${file} step ${i + 1}`,
        step,
      })),
    ),
  ];
}
