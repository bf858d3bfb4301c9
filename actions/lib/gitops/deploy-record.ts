/**
 * The last commit a team's deploy (or the bootstrap stack's apply) completed, kept beside the
 * Terraform state so that every run compares with what is really deployed rather than with the
 * commit its push replaced. A run that was cancelled while waiting leaves the record where it was,
 * so the next run deploys its changes too; a run older than the record stops.
 */
import { z } from 'zod';
import {
  BOOTSTRAP_STATE_KEY,
  DEPLOY_RECORD_FILE,
  teamStateKey,
} from '../../../contracts/naming.js';
import { commitOrder } from './commit-order.js';
import type { Git } from './git.js';

/** One completed deploy. */
export interface DeployRecord {
  /** Full SHA of the deployed commit. */
  readonly commit: string;
  /** When the deploy finished, ISO 8601. */
  readonly deployedAt: string;
  /** The workflow run that deployed it (its URL when known). */
  readonly run?: string;
}

/** What a record is about: one team's stack and pipeline, or the bootstrap stack. */
export type RecordSubject = { readonly team: string } | { readonly bootstrap: true };

/** Where records live: a key-value store with compare-and-set writes (S3, or memory in tests). */
export interface RecordStore {
  /** The text at `key` and its revision (an ETag), or undefined when there is none. */
  read(key: string): Promise<{ readonly text: string; readonly revision: string } | undefined>;
  /**
   * Writes `text` at `key` only if the key is still at `expected` (a revision from `read`, or
   * undefined for "no object yet"). Resolves false when someone else wrote it in between.
   */
  write(key: string, text: string, expected: string | undefined): Promise<boolean>;
  /** Deletes `key`; deleting a missing key is not an error. */
  remove(key: string): Promise<void>;
  /** Every key that starts with `prefix`. */
  list(prefix: string): Promise<string[]>;
}

const RECORD_FILE = DEPLOY_RECORD_FILE;
const folderOf = (key: string): string => key.slice(0, key.lastIndexOf('/') + 1);

/**
 * The record's key: beside the subject's Terraform state (`teams/<team>/deployed.json`,
 * `bootstrap/deployed.json`), under the prefix its deploy role may already read and write.
 */
export function recordKey(subject: RecordSubject): string {
  return 'team' in subject
    ? `${folderOf(teamStateKey(subject.team))}${RECORD_FILE}`
    : `${folderOf(BOOTSTRAP_STATE_KEY)}${RECORD_FILE}`;
}

/** A readable name of the subject for messages. */
export const subjectName = (subject: RecordSubject): string =>
  'team' in subject ? `team ${subject.team}` : 'the bootstrap stack';

const recordSchema = z.strictObject({
  commit: z.string().regex(/^[0-9a-f]{40}$/, { error: 'expected a full 40-character commit SHA' }),
  deployedAt: z.iso.datetime({ error: 'expected an ISO 8601 time' }),
  run: z.string().optional(),
});

/** Parses a record's JSON; errors name the key and the field. */
export function parseDeployRecord(text: string, key: string): DeployRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(
      `${key}: not JSON (${(e as Error).message}); delete it to redeploy the team in full`,
    );
  }
  const parsed = recordSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${key}: ${issues.join('; ')}; delete it to redeploy the team in full`);
  }
  const { run, ...rest } = parsed.data;
  return run === undefined ? rest : { ...rest, run };
}

/** A record as it was read, with the revision a later write must match. */
export interface StoredRecord {
  readonly record: DeployRecord;
  readonly revision: string;
}

/** The subject's record, or undefined when no deploy of it has completed (or it was forgotten). */
export async function readDeployRecord(
  store: RecordStore,
  subject: RecordSubject,
): Promise<StoredRecord | undefined> {
  const key = recordKey(subject);
  const found = await store.read(key);
  return found === undefined
    ? undefined
    : { record: parseDeployRecord(found.text, key), revision: found.revision };
}

/** What {@link recordDeploy} did. */
export type RecordOutcome =
  | { readonly action: 'written'; readonly record: DeployRecord }
  | { readonly action: 'kept'; readonly newer: DeployRecord };

const MAX_WRITE_ATTEMPTS = 5;

/**
 * Records that `record.commit` is deployed, unless the stored record is already a descendant of
 * it (a newer commit finished first): the newer one is kept. The write is a compare-and-set
 * against what was read, retried when another run wrote in between.
 */
export async function recordDeploy(
  store: RecordStore,
  git: Git,
  subject: RecordSubject,
  record: DeployRecord,
): Promise<RecordOutcome> {
  const key = recordKey(subject);
  for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
    const current = await readDeployRecord(store, subject);
    if (current !== undefined) {
      const order = await commitOrder(git, current.record.commit, record.commit);
      if (order === 'after') return { action: 'kept', newer: current.record };
    }
    const text = `${JSON.stringify(record, null, 2)}\n`;
    if (await store.write(key, text, current?.revision)) return { action: 'written', record };
  }
  throw new Error(
    `${key}: changed by another run on each of ${MAX_WRITE_ATTEMPTS} attempts; run the job again`,
  );
}

/** Removes the subject's record (after a teardown), so a team added again starts from scratch. */
export async function forgetDeploy(store: RecordStore, subject: RecordSubject): Promise<void> {
  await store.remove(recordKey(subject));
}

/** A team record's key around the team id: `teams/` and `/deployed.json`. */
const [TEAM_KEY_START = '', TEAM_KEY_END = ''] = recordKey({ team: '\0' }).split('\0');

/** The teams that have a record, sorted: every team deployed and not torn down since. */
export async function recordedTeams(store: RecordStore): Promise<string[]> {
  const keys = await store.list(TEAM_KEY_START);
  return keys
    .filter((k) => k.endsWith(TEAM_KEY_END))
    .map((k) => k.slice(TEAM_KEY_START.length, k.length - TEAM_KEY_END.length))
    .filter((team) => team !== '' && !team.includes('/'))
    .sort();
}
