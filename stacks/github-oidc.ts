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

/** A workflow file and the ref it must run from, as GitHub writes `job_workflow_ref`. */
export interface WorkflowRef {
  /** Path in the repository, e.g. `.github/workflows/deploy.yml`. */
  readonly file: string;
  /** Full ref, e.g. `refs/heads/main`, or a pattern such as `refs/pull/*\/merge`. */
  readonly ref: string;
}

/**
 * The `sub` values of jobs of `workflow` in `context`, once the repository's subject template
 * includes `repo`, `context` and `job_workflow_ref` (OIDC_SUBJECT_CLAIM_KEYS): e.g.
 * `repo:acme/rfm:environment:workshop-x:job_workflow_ref:acme/rfm/.github/workflows/deploy.yml@refs/heads/main`.
 * The workflow file and its ref are then part of the subject, which AWS can match; a job of
 * another workflow, or of the same workflow on another branch, gets a different subject.
 */
export function workflowSubjects(
  repo: GitHubRepository,
  context: SubjectContext,
  workflow: WorkflowRef,
): string[] {
  const jobWorkflowRef = `job_workflow_ref:${repo.owner}/${repo.name}/${workflow.file}@${workflow.ref}`;
  return githubSubjects(repo, context).map((subject) => `${subject}:${jobWorkflowRef}`);
}
