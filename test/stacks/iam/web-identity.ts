/**
 * GitHub's OIDC token as the deploy workflow presents it to STS, and the role trust check STS makes
 * with it. moto's AssumeRoleWithWebIdentity checks neither the token nor the trust policy, and the
 * simulator has no `token.actions.githubusercontent.com` keys, so the rehearsal checks the trust
 * policy itself: the federated principal, StringEquals on `aud`, StringLike on `sub`.
 */
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST } from '../../../stacks/github-oidc.js';
import type { PolicyDoc } from './synthesized-policies.js';

/** The claims of a job's token that the trust policies read. */
export interface GitHubClaims {
  readonly sub: string;
  readonly aud: string;
}

/** The `sub` of a job of `workflow` on `ref` in GitHub environment `environment`. */
export function deployJobClaims(
  repository: { owner: string; name: string },
  environment: string,
  workflow: string,
  ref = 'refs/heads/main',
): GitHubClaims {
  const repo = `${repository.owner}/${repository.name}`;
  return {
    sub: `repo:${repo}:environment:${environment}:job_workflow_ref:${repo}/${workflow}@${ref}`,
    aud: GITHUB_OIDC_AUDIENCE,
  };
}

const base64url = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned JWT with `claims` (moto does not verify it; AWS would, against GitHub's keys). */
export const githubToken = (claims: GitHubClaims): string =>
  `${base64url({ alg: 'RS256', typ: 'JWT' })}.${base64url({ iss: `https://${GITHUB_OIDC_HOST}`, ...claims })}.unsigned`;

const like = (pattern: string, value: string): boolean =>
  new RegExp(
    `^${[...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`,
  ).test(value);

type TrustStatement = {
  Effect: string;
  Principal?: { Federated?: string };
  Action?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
};

/**
 * Whether `trust` lets a token with `claims` from `provider` assume the role. Fails on a condition
 * operator or key it does not know, so a trust policy it cannot read is never taken as open.
 */
export function trustAdmits(trust: PolicyDoc, provider: string, claims: GitHubClaims): boolean {
  return (trust.Statement as TrustStatement[]).some((s) => {
    const actions = ([] as string[]).concat(s.Action ?? []);
    if (
      s.Effect !== 'Allow' ||
      s.Principal?.Federated !== provider ||
      !actions.includes('sts:AssumeRoleWithWebIdentity')
    ) {
      return false;
    }
    return Object.entries(s.Condition ?? {}).every(([operator, keys]) =>
      Object.entries(keys).every(([key, expected]) => {
        const claim = key.startsWith(`${GITHUB_OIDC_HOST}:`)
          ? claims[key.slice(GITHUB_OIDC_HOST.length + 1) as keyof GitHubClaims]
          : undefined;
        if (claim === undefined) throw new Error(`web-identity.ts: unknown trust key ${key}`);
        const values = ([] as string[]).concat(expected);
        if (operator === 'StringEquals') return values.includes(claim);
        if (operator === 'StringLike') return values.some((v) => like(v, claim));
        throw new Error(`web-identity.ts: unknown trust operator ${operator}`);
      }),
    );
  });
}
