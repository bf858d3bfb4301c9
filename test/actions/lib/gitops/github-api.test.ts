import {
  githubContextFromEnv,
  syncIssue,
  upsertComment,
  type Fetch,
  type GitHubContext,
} from '../../../../actions/lib/gitops/github-api.js';

const MARKER = '<!-- marker -->';

interface Call {
  method: string;
  path: string;
  body?: Record<string, unknown>;
}

/** A GitHub API that answers from `routes` and records every call. */
function fakeGitHub(routes: (call: Call) => { status?: number; json: unknown }): {
  gh: GitHubContext;
  calls: Call[];
  /** `METHOD path` of each call so far, in order. */
  requests: () => string[];
} {
  const calls: Call[] = [];
  const fetch: Fetch = async (url, init) => {
    const path = url.replace('https://api.github.com/repos/acme/rfm', '');
    const call: Call = {
      method: init.method,
      path,
      ...(init.body === undefined
        ? {}
        : { body: JSON.parse(init.body) as Record<string, unknown> }),
    };
    calls.push(call);
    expect(init.headers.authorization).toBe('Bearer t0ken');
    const { status = 200, json } = routes(call);
    return {
      ok: status < 300,
      status,
      json: async () => json,
      text: async () => JSON.stringify(json),
    };
  };
  return {
    gh: { apiUrl: 'https://api.github.com', repository: 'acme/rfm', token: 't0ken', fetch },
    calls,
    requests: () => calls.map((c) => `${c.method} ${c.path}`),
  };
}

const page = (n: number, from = 1) =>
  Array.from({ length: n }, (_, i) => ({ id: from + i, body: `comment ${from + i}` }));

describe('upsertComment', () => {
  test('creates the comment when no comment carries the marker', async () => {
    const { gh, calls, requests } = fakeGitHub((c) =>
      c.method === 'GET' ? { json: page(3) } : { json: { id: 99, html_url: 'https://c/99' } },
    );
    const done = await upsertComment(gh, 7, MARKER, `${MARKER}\nplan`);
    expect(done).toEqual({ action: 'created', url: 'https://c/99' });
    expect(requests()).toEqual([
      'GET /issues/7/comments?per_page=100&page=1',
      'POST /issues/7/comments',
    ]);
    expect(calls[1]?.body).toEqual({ body: `${MARKER}\nplan` });
  });

  test('updates the marked comment, looking through every page', async () => {
    const { gh, requests } = fakeGitHub((c) => {
      if (c.path.endsWith('page=1')) return { json: page(100) };
      if (c.path.endsWith('page=2'))
        return { json: [...page(20, 101), { id: 555, body: `${MARKER}\nold` }] };
      return { json: { id: 555, html_url: 'https://c/555' } };
    });
    const done = await upsertComment(gh, 7, MARKER, `${MARKER}\nnew`);
    expect(done).toEqual({ action: 'updated', url: 'https://c/555' });
    expect(requests()).toEqual([
      'GET /issues/7/comments?per_page=100&page=1',
      'GET /issues/7/comments?per_page=100&page=2',
      'PATCH /issues/comments/555',
    ]);
  });

  test('a body without its marker is refused before any call', async () => {
    const { gh, calls } = fakeGitHub(() => ({ json: [] }));
    await expect(upsertComment(gh, 7, MARKER, 'plan')).rejects.toThrow(
      /does not contain its marker/,
    );
    expect(calls).toEqual([]);
  });

  test('an API error names the call and, for 403, the missing permission', async () => {
    const { gh } = fakeGitHub(() => ({
      status: 403,
      json: { message: 'Resource not accessible by integration' },
    }));
    await expect(upsertComment(gh, 7, MARKER, MARKER)).rejects.toThrow(
      /^GitHub API GET \/issues\/7\/comments\?per_page=100&page=1 answered 403: .*Resource not accessible.*permission this call needs$/,
    );
  });
});

describe('syncIssue', () => {
  const issue = { marker: MARKER, title: 'Drift', labels: ['drift'] };

  test('opens an issue when drift is found and none is open (pull requests are skipped)', async () => {
    const { gh, calls } = fakeGitHub((c) =>
      c.method === 'GET'
        ? { json: [{ id: 1, number: 3, body: MARKER, pull_request: {} }] }
        : { json: { id: 2, number: 4, html_url: 'https://i/4' } },
    );
    expect(await syncIssue(gh, { ...issue, body: `${MARKER}\ndrift` })).toEqual({
      action: 'created',
      url: 'https://i/4',
    });
    expect(calls[1]).toEqual({
      method: 'POST',
      path: '/issues',
      body: { title: 'Drift', body: `${MARKER}\ndrift`, labels: ['drift'] },
    });
  });

  test('updates the open issue on the next drift', async () => {
    const { gh, calls } = fakeGitHub((c) =>
      c.method === 'GET'
        ? { json: [{ id: 1, number: 3, body: `${MARKER} old` }] }
        : { json: { id: 1, number: 3 } },
    );
    expect((await syncIssue(gh, { ...issue, body: `${MARKER}\nmore drift` })).action).toBe(
      'updated',
    );
    expect(calls[1]?.method).toBe('PATCH');
    expect(calls[1]?.path).toBe('/issues/3');
  });

  test('closes the open issue, with a comment, once nothing drifts', async () => {
    const { gh, calls } = fakeGitHub((c) =>
      c.method === 'GET'
        ? { json: [{ id: 1, number: 3, body: MARKER }] }
        : { json: { id: 1, number: 3 } },
    );
    const result = await syncIssue(gh, { ...issue, body: undefined, closingComment: 'all clear' });
    expect(result.action).toBe('closed');
    expect(calls.slice(1)).toEqual([
      { method: 'POST', path: '/issues/3/comments', body: { body: 'all clear' } },
      { method: 'PATCH', path: '/issues/3', body: { state: 'closed', state_reason: 'completed' } },
    ]);
  });

  test('no drift and no open issue: nothing to do', async () => {
    const { gh, calls } = fakeGitHub(() => ({ json: [] }));
    expect(await syncIssue(gh, { ...issue, body: undefined })).toEqual({ action: 'none' });
    expect(calls).toHaveLength(1);
  });
});

describe('githubContextFromEnv', () => {
  const fetch: Fetch = async () => {
    throw new Error('not called');
  };

  test('reads the repository, token and API URL GitHub Actions sets', () => {
    const gh = githubContextFromEnv(
      {
        GITHUB_REPOSITORY: 'acme/rfm',
        GITHUB_TOKEN: 't',
        GITHUB_API_URL: 'https://ghe.example/api/v3',
      },
      fetch,
    );
    expect(gh).toMatchObject({
      repository: 'acme/rfm',
      token: 't',
      apiUrl: 'https://ghe.example/api/v3',
    });
  });

  test('says how to pass a missing token', () => {
    expect(() => githubContextFromEnv({ GITHUB_REPOSITORY: 'acme/rfm' }, fetch)).toThrow(
      'GITHUB_TOKEN is not set; pass it to the step: env: { GITHUB_TOKEN: ${{ github.token }} }',
    );
  });
});
