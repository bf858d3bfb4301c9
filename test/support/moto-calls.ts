import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findMotoPython, type MotoServer } from './moto.js';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'moto_calls.py');

/** Temporary credentials, as STS returns them. */
export interface SessionCredentials {
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
  readonly SessionToken?: string;
}

/** One call by its API name (`PutRolePolicy`) with boto3's parameters. */
export interface BotoCall {
  readonly service: string;
  readonly operation: string;
  readonly params: Record<string, unknown>;
  /** Sent as X-Rehearsal-Iam-Resource: what moto authorizes the call on. */
  readonly iamResource?: string;
  /** This call's credentials instead of the batch's (null: unsigned). */
  readonly credentials?: SessionCredentials | null;
}

export type BotoResult =
  | { readonly ok: true; readonly response: Record<string, unknown> }
  | {
      readonly ok: false;
      readonly code: string;
      readonly status: number;
      readonly message: string;
    };

/**
 * Makes `calls` against `moto` with boto3 (test/support/moto_calls.py), for services the project's
 * SDK has no client for; `credentials` null sends them unsigned. One Python process per batch.
 */
export async function botoCalls(
  moto: MotoServer,
  credentials: SessionCredentials | null,
  calls: readonly BotoCall[],
  region = 'eu-west-1',
): Promise<BotoResult[]> {
  const child = spawn(findMotoPython(), [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  child.stdin.end(JSON.stringify({ endpoint: moto.url, region, credentials, calls }));
  const code = await exited;
  if (code !== 0) throw new Error(`test/support/moto_calls.py exited ${code}:\n${stderr}`);
  return (JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { results: BotoResult[] }).results;
}

/** `botoCalls` for one call that must succeed; returns its response. */
export async function botoCall(
  moto: MotoServer,
  credentials: SessionCredentials | null,
  call: BotoCall,
): Promise<Record<string, unknown>> {
  const [result] = await botoCalls(moto, credentials, [call]);
  if (result === undefined || !result.ok) {
    throw new Error(
      `${call.service} ${call.operation} failed against moto: ${result === undefined ? 'no result' : `${result.code} ${result.message}`}`,
    );
  }
  return result.response;
}
