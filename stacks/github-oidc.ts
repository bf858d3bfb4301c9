import type { GitHubRepository } from './settings.js';

/** Issuer host of GitHub Actions OIDC tokens; also the prefix of its IAM condition keys. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
export const GITHUB_OIDC_URL = `https://${GITHUB_OIDC_HOST}`;
/** Audience that aws-actions/configure-aws-credentials requests. */
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';

/** The part of a `sub` claim after the repository, e.g. `environment:workshop-acme`. */
export type SubjectContext =
  | { readonly kind: 'environment'; readonly name: string }
  | { readonly kind: 'pull_request' }
  | { readonly kind: 'branch'; readonly name: string };

function contextSuffix(context: SubjectContext): string {
  switch (context.kind) {
    case 'environment':
      // GitHub writes a ':' inside a value as %3A.
      return `environment:${context.name.replaceAll(':', '%3A')}`;
    case 'pull_request':
      return 'pull_request';
    case 'branch':
      return `ref:refs/heads/${context.name}`;
  }
}

/**
 * The `sub` values a role should accept for `context` in `repo`, for `StringLike`:
 * the classic `repo:OWNER/REPO:...` and the immutable `repo:OWNER@ID/REPO@ID:...` that repositories
 * created or renamed after 2026-07-15 (or opted in) send. With known ids the immutable form is
 * exact; without them it matches any id, which is no weaker than the classic, name-only form.
 */
export function githubSubjects(repo: GitHubRepository, context: SubjectContext): string[] {
  const suffix = contextSuffix(context);
  const ownerId = repo.ownerId ?? '*';
  const repositoryId = repo.repositoryId ?? '*';
  return [
    `repo:${repo.owner}/${repo.name}:${suffix}`,
    `repo:${repo.owner}@${ownerId}/${repo.name}@${repositoryId}:${suffix}`,
  ];
}
