import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * An in-memory QuickSight REST endpoint for the calls `publishQuickSight` makes, for running the
 * bundled publish action in a child process (where no SDK mock can reach). Point the SDK at it with
 * `AWS_ENDPOINT_URL_QUICKSIGHT`. Every resource is ready at once: data sources and dashboard
 * versions report *_SUCCESSFUL and ingestions COMPLETED on the first look.
 */
export interface FakeQuickSight {
  readonly url: string;
  /** Operation names of the calls received, in order. */
  readonly calls: string[];
  stop(): Promise<void>;
}

interface Stored {
  readonly arn: string;
  body: Record<string, unknown>;
}

interface Dashboard extends Stored {
  readonly versions: { number: number; description: string }[];
  published: number;
}

type Handler = (
  params: Record<string, string>,
  body: Record<string, unknown>,
  query: URLSearchParams,
) => Record<string, unknown>;

/** Operation name, HTTP method, path pattern and handler. */
type Route = [string, string, RegExp, Handler];

class NotFound extends Error {}

const REGION_ACCOUNT = /^arn:aws:quicksight:([^:]+):(\d+):/;

export async function startFakeQuickSight(region: string): Promise<FakeQuickSight> {
  const calls: string[] = [];
  const dataSources = new Map<string, Stored>();
  const dataSets = new Map<string, Stored>();
  const ingestions = new Map<string, string>();
  const dashboards = new Map<string, Dashboard>();
  const tags = new Map<string, Map<string, string>>();

  const arnOf = (account: string, kind: string, id: string): string =>
    `arn:aws:quicksight:${region}:${account}:${kind}/${id}`;
  const tag = (arn: string, list: unknown): void => {
    const current = tags.get(arn) ?? new Map<string, string>();
    for (const t of (list as { Key: string; Value: string }[] | undefined) ?? []) {
      current.set(t.Key, t.Value);
    }
    tags.set(arn, current);
  };
  const found = <T>(map: Map<string, T>, id: string, what: string): T => {
    const item = map.get(id);
    if (item === undefined) throw new NotFound(`${what} ${id} not found`);
    return item;
  };
  const startIngestion = (dataSetId: string, ingestionId: string): Record<string, unknown> => {
    ingestions.set(`${dataSetId}/${ingestionId}`, 'COMPLETED');
    return { IngestionId: ingestionId, IngestionArn: `${dataSetId}/ingestion/${ingestionId}` };
  };
  const dashboardVersion = (d: Dashboard, number: number) => {
    const v = d.versions.find((x) => x.number === number);
    if (v === undefined) throw new NotFound(`dashboard version ${number} not found`);
    return {
      VersionNumber: v.number,
      Description: v.description,
      Status: 'CREATION_SUCCESSFUL',
      Arn: `${d.arn}/version/${v.number}`,
    };
  };

  /** `Update<kind>Permissions`: grants are not kept; the answer names the resource. */
  const permissionsRoute = (
    kind: 'DataSource' | 'DataSet' | 'Dashboard',
    method: string,
    collection: string,
    map: Map<string, Stored>,
    what: string,
  ): Route => [
    `Update${kind}Permissions`,
    method,
    new RegExp(`^/accounts/(?<account>\\d+)/${collection}/(?<id>[^/]+)/permissions$`),
    (p) => ({ [`${kind}Arn`]: found(map, p.id!, what).arn, [`${kind}Id`]: p.id }),
  ];

  /** Data sources and data sets: their operation name, REST collection, store and noun. */
  interface Kept {
    readonly kind: 'DataSource' | 'DataSet';
    readonly collection: string;
    readonly map: Map<string, Stored>;
    readonly what: string;
  }
  const DATA_SOURCES: Kept = {
    kind: 'DataSource',
    collection: 'data-sources',
    map: dataSources,
    what: 'data source',
  };
  const DATA_SETS: Kept = {
    kind: 'DataSet',
    collection: 'data-sets',
    map: dataSets,
    what: 'data set',
  };

  const itemPath = (collection: string): RegExp =>
    new RegExp(`^/accounts/(?<account>\\d+)/${collection}/(?<id>[^/]+)$`);

  /**
   * Create, Describe, Update and UpdatePermissions of a data source or data set: Create stores the
   * body under the id it names, with its tags; Describe gives its ARN, id and name; Update merges
   * the body into the stored one. Each operation's own fields come from `answers`.
   */
  const keptRoutes = (
    { kind, collection, map, what }: Kept,
    answers: {
      created: (id: string) => Record<string, unknown>;
      described: (stored: Stored) => Record<string, unknown>;
      updated: (id: string) => Record<string, unknown>;
    },
  ): Route[] => [
    [
      `Create${kind}`,
      'POST',
      new RegExp(`^/accounts/(?<account>\\d+)/${collection}$`),
      (p, b) => {
        const id = String(b[`${kind}Id`]);
        const arn = arnOf(p.account!, kind.toLowerCase(), id);
        map.set(id, { arn, body: b });
        tag(arn, b.Tags);
        return { Arn: arn, [`${kind}Id`]: id, ...answers.created(id) };
      },
    ],
    [
      `Describe${kind}`,
      'GET',
      itemPath(collection),
      (p) => {
        const stored = found(map, p.id!, what);
        const { arn, body } = stored;
        return {
          [kind]: { Arn: arn, [`${kind}Id`]: p.id, Name: body.Name, ...answers.described(stored) },
        };
      },
    ],
    [
      `Update${kind}`,
      'PUT',
      itemPath(collection),
      (p, b) => {
        const stored = found(map, p.id!, what);
        stored.body = { ...stored.body, ...b };
        return { Arn: stored.arn, [`${kind}Id`]: p.id, ...answers.updated(p.id!) };
      },
    ],
    permissionsRoute(kind, 'POST', collection, map, what),
  ];

  const routes: Route[] = [
    ...keptRoutes(DATA_SOURCES, {
      created: () => ({ CreationStatus: 'CREATION_IN_PROGRESS' }),
      described: () => ({ Type: 'REDSHIFT', Status: 'CREATION_SUCCESSFUL' }),
      updated: () => ({ UpdateStatus: 'UPDATE_IN_PROGRESS' }),
    }),
    ...keptRoutes(DATA_SETS, {
      created: (id) => startIngestion(id, `create-${id}`),
      described: (stored) => ({ ImportMode: stored.body.ImportMode }),
      updated: (id) => startIngestion(id, `update-${id}`),
    }),
    [
      'CreateIngestion',
      'PUT',
      /^\/accounts\/(?<account>\d+)\/data-sets\/(?<id>[^/]+)\/ingestions\/(?<ingestion>[^/]+)$/,
      (p) => {
        found(dataSets, p.id!, 'data set');
        return { ...startIngestion(p.id!, p.ingestion!), IngestionStatus: 'INITIALIZED' };
      },
    ],
    [
      'DescribeIngestion',
      'GET',
      /^\/accounts\/(?<account>\d+)\/data-sets\/(?<id>[^/]+)\/ingestions\/(?<ingestion>[^/]+)$/,
      (p) => ({
        Ingestion: {
          IngestionId: p.ingestion,
          IngestionStatus: found(ingestions, `${p.id}/${p.ingestion}`, 'ingestion'),
          RowInfo: { RowsIngested: 42 },
        },
      }),
    ],
    [
      'CreateDashboard',
      'POST',
      /^\/accounts\/(?<account>\d+)\/dashboards\/(?<id>[^/]+)$/,
      (p, b) => {
        const arn = arnOf(p.account!, 'dashboard', p.id!);
        dashboards.set(p.id!, {
          arn,
          body: b,
          versions: [{ number: 1, description: String(b.VersionDescription ?? '') }],
          published: 1,
        });
        tag(arn, b.Tags);
        return {
          Arn: arn,
          VersionArn: `${arn}/version/1`,
          DashboardId: p.id,
          CreationStatus: 'CREATION_IN_PROGRESS',
        };
      },
    ],
    [
      'DescribeDashboard',
      'GET',
      /^\/accounts\/(?<account>\d+)\/dashboards\/(?<id>[^/]+)$/,
      (p, _b, q) => {
        const d = found(dashboards, p.id!, 'dashboard');
        const number = q.get('version-number');
        return {
          Dashboard: {
            Arn: d.arn,
            DashboardId: p.id,
            Name: d.body.Name,
            Version: dashboardVersion(d, number === null ? d.published : Number(number)),
          },
        };
      },
    ],
    [
      'UpdateDashboard',
      'PUT',
      /^\/accounts\/(?<account>\d+)\/dashboards\/(?<id>[^/]+)$/,
      (p, b) => {
        const d = found(dashboards, p.id!, 'dashboard');
        const number = d.versions.length + 1;
        d.versions.push({ number, description: String(b.VersionDescription ?? '') });
        return {
          Arn: d.arn,
          VersionArn: `${d.arn}/version/${number}`,
          DashboardId: p.id,
          CreationStatus: 'CREATION_IN_PROGRESS',
        };
      },
    ],
    permissionsRoute('Dashboard', 'PUT', 'dashboards', dashboards, 'dashboard'),
    [
      'UpdateDashboardPublishedVersion',
      'PUT',
      /^\/accounts\/(?<account>\d+)\/dashboards\/(?<id>[^/]+)\/versions\/(?<version>\d+)$/,
      (p) => {
        const d = found(dashboards, p.id!, 'dashboard');
        d.published = dashboardVersion(d, Number(p.version)).VersionNumber;
        return { DashboardArn: d.arn, DashboardId: p.id };
      },
    ],
    [
      'ListTagsForResource',
      'GET',
      /^\/resources\/(?<arn>[^/]+)\/tags$/,
      (p) => ({
        Tags: [...(tags.get(p.arn!) ?? new Map<string, string>())].map(([Key, Value]) => ({
          Key,
          Value,
        })),
      }),
    ],
    [
      'TagResource',
      'POST',
      /^\/resources\/(?<arn>[^/]+)\/tags$/,
      (p, b) => {
        if (!REGION_ACCOUNT.test(p.arn!)) throw new NotFound(`resource ${p.arn} not found`);
        tag(p.arn!, b.Tags);
        return {};
      },
    ],
  ];

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const path = url.pathname;
      const reply = (status: number, body: unknown, errorType?: string): void => {
        res.writeHead(status, {
          'content-type': 'application/json',
          'x-amzn-requestid': `fake-${calls.length}`,
          ...(errorType === undefined ? {} : { 'x-amzn-errortype': errorType }),
        });
        res.end(JSON.stringify(body));
      };
      for (const [operation, method, pattern, handle] of routes) {
        const m = req.method === method ? pattern.exec(path) : null;
        if (m === null) continue;
        calls.push(operation);
        const params = Object.fromEntries(
          Object.entries(m.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]),
        );
        try {
          const text = Buffer.concat(chunks).toString('utf8');
          const body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
          reply(200, {
            ...handle(params, body, url.searchParams),
            Status: 200,
            RequestId: `fake-${calls.length}`,
          });
        } catch (e) {
          if (e instanceof NotFound)
            reply(404, { Message: e.message }, 'ResourceNotFoundException');
          else reply(500, { Message: (e as Error).message }, 'InternalFailureException');
        }
        return;
      }
      calls.push(`unknown ${req.method} ${path}`);
      reply(
        400,
        { Message: `the fake has no route for ${req.method} ${path}` },
        'InvalidParameterValueException',
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake QuickSight: no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    calls,
    stop: async () => {
      server.close();
      await once(server, 'close');
    },
  };
}
