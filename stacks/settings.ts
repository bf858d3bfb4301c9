import { z } from 'zod';

/** The GitHub repository whose workflows may assume the CI roles. */
export interface GitHubRepository {
  readonly owner: string;
  readonly name: string;
  /** Numeric owner id, for the immutable `sub` claim format. */
  readonly ownerId?: string;
  /** Numeric repository id, for the immutable `sub` claim format. */
  readonly repositoryId?: string;
}

/** Deployment settings that are not part of any team's environment file. */
export interface WorkshopSettings {
  /** Directory holding one `<team>.yaml` per team. */
  readonly environmentsDir: string;
  /** Where the synthesized stacks go. */
  readonly outdir: string;
  /** Without it, the bootstrap stack (OIDC provider, CI roles) is not synthesized. */
  readonly github?: GitHubRepository;
  /** S3 bucket for Terraform state; without it every stack uses a local backend. */
  readonly stateBucket?: string;
  /** Region of the state bucket and of the bootstrap stack. */
  readonly stateRegion: string;
}

/** The environment variables `readSettings` understands, with what each one means. */
export const SETTINGS_VARIABLES = {
  WORKSHOP_ENVIRONMENTS_DIR: 'directory of team environment files (default: environments)',
  WORKSHOP_OUTDIR: 'output directory of the synthesized stacks (default: cdktf.out)',
  WORKSHOP_GITHUB_REPOSITORY: 'OWNER/REPO allowed to assume the CI roles, e.g. acme/rfm-workshop',
  WORKSHOP_GITHUB_OWNER_ID: 'numeric id of the repository owner (github.repository_owner_id)',
  WORKSHOP_GITHUB_REPOSITORY_ID: 'numeric id of the repository (github.repository_id)',
  WORKSHOP_STATE_BUCKET: 'S3 bucket for Terraform state, created by the bootstrap stack',
  WORKSHOP_STATE_REGION: 'region of the state bucket and the bootstrap stack (default: eu-west-1)',
} as const;

export const DEFAULT_STATE_REGION = 'eu-west-1';

const blankIsUnset = (v: unknown): unknown => (v === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankIsUnset, schema.optional());

const settingsSchema = z.object({
  WORKSHOP_ENVIRONMENTS_DIR: optional(z.string()),
  WORKSHOP_OUTDIR: optional(z.string()),
  WORKSHOP_GITHUB_REPOSITORY: optional(
    z.string().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+$/, {
      error: 'expected OWNER/REPO, e.g. acme/rfm-workshop',
    }),
  ),
  WORKSHOP_GITHUB_OWNER_ID: optional(z.string().regex(/^\d+$/, { error: 'expected digits' })),
  WORKSHOP_GITHUB_REPOSITORY_ID: optional(z.string().regex(/^\d+$/, { error: 'expected digits' })),
  WORKSHOP_STATE_BUCKET: optional(
    z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'expected an S3 bucket name' }),
  ),
  WORKSHOP_STATE_REGION: optional(
    z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, { error: 'expected an AWS region' }),
  ),
});

/** Reads the settings from environment variables (pass `process.env`); only `main.ts` calls it. */
export function readSettings(env: Readonly<Record<string, string | undefined>>): WorkshopSettings {
  const result = settingsSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid workshop settings:\n${lines.join('\n')}`);
  }
  const s = result.data;
  const ids = [s.WORKSHOP_GITHUB_OWNER_ID, s.WORKSHOP_GITHUB_REPOSITORY_ID];
  if (ids.filter((id) => id !== undefined).length === 1) {
    throw new Error(
      'invalid workshop settings: set both WORKSHOP_GITHUB_OWNER_ID and WORKSHOP_GITHUB_REPOSITORY_ID, or neither',
    );
  }
  let github: GitHubRepository | undefined;
  if (s.WORKSHOP_GITHUB_REPOSITORY !== undefined) {
    const [owner, name] = s.WORKSHOP_GITHUB_REPOSITORY.split('/') as [string, string];
    github = {
      owner,
      name,
      ...(s.WORKSHOP_GITHUB_OWNER_ID === undefined ? {} : { ownerId: s.WORKSHOP_GITHUB_OWNER_ID }),
      ...(s.WORKSHOP_GITHUB_REPOSITORY_ID === undefined
        ? {}
        : { repositoryId: s.WORKSHOP_GITHUB_REPOSITORY_ID }),
    };
  }
  return {
    environmentsDir: s.WORKSHOP_ENVIRONMENTS_DIR ?? 'environments',
    outdir: s.WORKSHOP_OUTDIR ?? 'cdktf.out',
    ...(github === undefined ? {} : { github }),
    ...(s.WORKSHOP_STATE_BUCKET === undefined ? {} : { stateBucket: s.WORKSHOP_STATE_BUCKET }),
    stateRegion: s.WORKSHOP_STATE_REGION ?? DEFAULT_STATE_REGION,
  };
}
