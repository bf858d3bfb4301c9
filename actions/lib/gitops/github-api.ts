/**
 * The GitHub REST calls the workflows make: keep one comment per pull request up to date, and keep
 * one open issue per topic (drift) up to date or close it. Each item is found by a hidden marker
 * in its body, so reruns update rather than duplicate.
 */

/** The subset of `fetch` used here; tests pass a fake. */
export type Fetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown>; text(): Promise<string> }>;

/** Where and as whom to call the API. */
export interface GitHubContext {
  /** `https://api.github.com`, or the `GITHUB_API_URL` of a GitHub Enterprise server. */
  readonly apiUrl: string;
  /** `owner/name`. */
  readonly repository: string;
  /** A token with the permissions of the call (`pull-requests: write`, `issues: write`). */
  readonly token: string;
  readonly fetch: Fetch;
}

const PAGE_SIZE = 100;
/** Pages read when looking for a marked item: 1,000 comments or issues. */
const MAX_PAGES = 10;

interface Item {
  readonly id: number;
  readonly number?: number;
  readonly body?: string | null;
  readonly html_url?: string;
  readonly pull_request?: unknown;
}

async function call(
  gh: GitHubContext,
  method: string,
  path: string,
  body?: Record<string, unknown>,
): Promise<unknown> {
  const url = `${gh.apiUrl.replace(/\/$/, '')}/repos/${gh.repository}${path}`;
  const response = await gh.fetch(url, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${gh.token}`,
      'x-github-api-version': '2022-11-28',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) {
    const text = (await response.text()).slice(0, 500);
    const hint =
      response.status === 403 || response.status === 404
        ? '; check the job grants the token the permission this call needs'
        : '';
    throw new Error(`GitHub API ${method} ${path} answered ${response.status}: ${text}${hint}`);
  }
  return response.json();
}

async function findMarked(
  gh: GitHubContext,
  listPath: string,
  marker: string,
): Promise<Item | undefined> {
  const separator = listPath.includes('?') ? '&' : '?';
  for (let page = 1; page <= MAX_PAGES; page++) {
    const items = (await call(
      gh,
      'GET',
      `${listPath}${separator}per_page=${PAGE_SIZE}&page=${page}`,
    )) as Item[];
    const found = items.find((i) => i.pull_request === undefined && i.body?.includes(marker));
    if (found !== undefined) return found;
    if (items.length < PAGE_SIZE) return undefined;
  }
  return undefined;
}

/** What an upsert did. */
export interface UpsertResult {
  readonly action: 'created' | 'updated' | 'closed' | 'none';
  readonly url?: string;
}

/**
 * Creates the comment on issue or pull request `number` whose body contains `marker`, or updates
 * the one that exists. `body` must contain `marker`.
 */
export async function upsertComment(
  gh: GitHubContext,
  number: number,
  marker: string,
  body: string,
): Promise<UpsertResult> {
  requireMarker(body, marker);
  const existing = await findMarked(gh, `/issues/${number}/comments`, marker);
  if (existing === undefined) {
    const created = (await call(gh, 'POST', `/issues/${number}/comments`, { body })) as Item;
    return { action: 'created', ...urlOf(created) };
  }
  const updated = (await call(gh, 'PATCH', `/issues/comments/${existing.id}`, { body })) as Item;
  return { action: 'updated', ...urlOf(updated) };
}

/** An open issue to keep in step with a report. */
export interface TrackedIssue {
  readonly marker: string;
  readonly title: string;
  /** Undefined when there is nothing to report: an open issue is then closed. */
  readonly body: string | undefined;
  readonly labels?: readonly string[];
  /** Comment left on the issue when it is closed. */
  readonly closingComment?: string;
}

/** Creates, updates or closes the open issue whose body contains `issue.marker`. */
export async function syncIssue(gh: GitHubContext, issue: TrackedIssue): Promise<UpsertResult> {
  const existing = await findMarked(gh, '/issues?state=open', issue.marker);
  if (issue.body === undefined) {
    if (existing?.number === undefined) return { action: 'none' };
    if (issue.closingComment !== undefined) {
      await call(gh, 'POST', `/issues/${existing.number}/comments`, {
        body: issue.closingComment,
      });
    }
    const closed = (await call(gh, 'PATCH', `/issues/${existing.number}`, {
      state: 'closed',
      state_reason: 'completed',
    })) as Item;
    return { action: 'closed', ...urlOf(closed) };
  }
  requireMarker(issue.body, issue.marker);
  if (existing?.number === undefined) {
    const created = (await call(gh, 'POST', '/issues', {
      title: issue.title,
      body: issue.body,
      ...(issue.labels === undefined ? {} : { labels: issue.labels }),
    })) as Item;
    return { action: 'created', ...urlOf(created) };
  }
  const updated = (await call(gh, 'PATCH', `/issues/${existing.number}`, {
    title: issue.title,
    body: issue.body,
  })) as Item;
  return { action: 'updated', ...urlOf(updated) };
}

function requireMarker(body: string, marker: string): void {
  if (!body.includes(marker)) {
    throw new Error(
      `the body does not contain its marker ${marker}, so it could not be found again`,
    );
  }
}

const urlOf = (item: Item): { url?: string } =>
  item.html_url === undefined ? {} : { url: item.html_url };

/** The API context from the variables GitHub Actions sets, and the token given to the step. */
export function githubContextFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  fetchImpl: Fetch,
): GitHubContext {
  const repository = env.GITHUB_REPOSITORY;
  const token = env.GITHUB_TOKEN;
  if (repository === undefined || repository === '') {
    throw new Error(
      'GITHUB_REPOSITORY is not set; run inside GitHub Actions or set it to owner/name',
    );
  }
  if (token === undefined || token === '') {
    throw new Error(
      'GITHUB_TOKEN is not set; pass it to the step: env: { GITHUB_TOKEN: ${{ github.token }} }',
    );
  }
  return {
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    repository,
    token,
    fetch: fetchImpl,
  };
}
