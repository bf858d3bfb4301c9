import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { run, type RunResult } from './process.js';

const require = createRequire(import.meta.url);

/** The Terraform provider the prebuilt bindings were generated for, e.g. hashicorp/aws 5.100.0. */
export function awsProviderRequirement(): { readonly address: string; readonly version: string } {
  const pkg = require('@cdktf/provider-aws/package.json') as {
    cdktf: { provider: { name: string; version: string } };
  };
  return { address: pkg.cdktf.provider.name, version: pkg.cdktf.provider.version };
}

/**
 * Directories where a machine may keep a Terraform provider mirror, most specific first:
 * `TF_PLUGIN_MIRROR`, then the implied local mirror directories Terraform documents for Unix,
 * then `/opt/tf-plugins`, where this project's CI machine image puts its mirror.
 */
export function mirrorCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const home = homedir();
  const dataHome = env.XDG_DATA_HOME ?? join(home, '.local', 'share');
  return [
    ...(env.TF_PLUGIN_MIRROR === undefined ? [] : [env.TF_PLUGIN_MIRROR]),
    join(home, '.terraform.d', 'plugins'),
    join(dataHome, 'terraform', 'plugins'),
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
    '/opt/tf-plugins',
  ];
}

/** The first candidate directory that holds the AWS provider version the stacks pin. */
export function findProviderMirror(
  env: NodeJS.ProcessEnv = process.env,
  candidates: readonly string[] = mirrorCandidates(env),
): string {
  const { address, version } = awsProviderRequirement();
  const found = candidates.find((dir) => existsSync(join(dir, address, version)));
  if (found === undefined) {
    throw new Error(
      `no Terraform provider mirror with ${address} ${version}; looked in ${candidates.join(', ')}. ` +
        `Install one (e.g. \`terraform providers mirror <dir>\` on a machine with network access, ` +
        `in a stack that pins aws ${version}) and set TF_PLUGIN_MIRROR=<dir>.`,
    );
  }
  return found;
}

/** The `terraform` binary on PATH (or `TERRAFORM_BINARY_NAME`). */
export function findTerraform(env: NodeJS.ProcessEnv = process.env): string {
  const name = env.TERRAFORM_BINARY_NAME ?? 'terraform';
  if (name.includes('/')) {
    if (existsSync(name)) return name;
  } else {
    for (const dir of (env.PATH ?? '').split(delimiter)) {
      if (dir !== '' && existsSync(join(dir, name))) return join(dir, name);
    }
  }
  throw new Error(
    `terraform not found (looked for "${name}" on PATH); install Terraform >= 1.10 ` +
      '(https://developer.hashicorp.com/terraform/install) or set TERRAFORM_BINARY_NAME',
  );
}

const cliConfigs = new Map<string, string>();

/** A CLI config that installs the AWS provider only from `mirror`, never from the network. */
export function writeCliConfig(mirror: string): string {
  const written = cliConfigs.get(mirror);
  if (written !== undefined) return written;
  const { address } = awsProviderRequirement();
  const dir = mkdtempSync(join(tmpdir(), 'tf-cli-'));
  const file = join(dir, 'terraformrc');
  writeFileSync(
    file,
    [
      'provider_installation {',
      '  filesystem_mirror {',
      `    path    = ${JSON.stringify(mirror)}`,
      `    include = [${JSON.stringify(address)}]`,
      '  }',
      `  direct { exclude = [${JSON.stringify(address)}] }`,
      '}',
      '',
    ].join('\n'),
  );
  cliConfigs.set(mirror, file);
  return file;
}

/** Terraform in one stack directory, offline, with every command bounded in time. */
export class TerraformDir {
  private readonly binary: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly dir: string,
    extraEnv: NodeJS.ProcessEnv = {},
  ) {
    this.binary = findTerraform();
    const mirror = findProviderMirror();
    this.env = {
      ...process.env,
      TF_CLI_CONFIG_FILE: writeCliConfig(mirror),
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      NO_COLOR: '1',
      ...extraEnv,
    };
  }

  /** Runs `terraform <args>` and fails with its output unless the exit code is allowed. */
  async run(
    args: readonly string[],
    timeoutMs: number,
    okCodes: readonly number[] = [0],
  ): Promise<RunResult> {
    const result = await run(this.binary, ['-chdir=' + this.dir, ...args, '-no-color'], {
      env: this.env,
      timeoutMs,
    });
    if (result.timedOut) {
      throw new Error(
        `terraform ${args[0]} timed out after ${timeoutMs} ms in ${this.dir}\n${result.stdout}\n${result.stderr}`,
      );
    }
    if (result.code === null || !okCodes.includes(result.code)) {
      throw new Error(
        `terraform ${args.join(' ')} exited ${result.code} in ${this.dir}\n${result.stdout}\n${result.stderr}`,
      );
    }
    return result;
  }

  init(options: { backend?: boolean } = {}): Promise<RunResult> {
    const backend = options.backend ?? true;
    return this.run(['init', '-input=false', ...(backend ? [] : ['-backend=false'])], 60_000);
  }

  validate(): Promise<RunResult> {
    return this.run(['validate'], 60_000);
  }

  /** `terraform show -json <planFile>`, parsed. */
  async showPlan(planFile: string): Promise<PlanJson> {
    const result = await this.run(['show', '-json', planFile], 60_000);
    return JSON.parse(result.stdout) as PlanJson;
  }
}

/** The parts of `terraform show -json <plan>` the tests read. */
export interface PlanJson {
  readonly resource_changes?: ReadonlyArray<{
    readonly address: string;
    readonly type: string;
    readonly change: {
      readonly actions: readonly string[];
      readonly before: Record<string, unknown> | null;
      readonly after: Record<string, unknown> | null;
    };
  }>;
}

/** Each planned change other than no-op, with the top-level attributes it changes. */
export function plannedChanges(
  plan: PlanJson,
): Array<{ address: string; type: string; actions: string; attributes: string[] }> {
  return (plan.resource_changes ?? [])
    .filter((rc) => rc.change.actions.join() !== 'no-op')
    .map((rc) => {
      const before = rc.change.before ?? {};
      const after = rc.change.after ?? {};
      const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
      const attributes = [...keys].filter(
        (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
      );
      return { address: rc.address, type: rc.type, actions: rc.change.actions.join(), attributes };
    });
}
