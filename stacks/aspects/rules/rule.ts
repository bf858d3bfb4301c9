import type { IConstruct } from 'constructs';

/** One security rule; the security aspect runs every rule on every construct. */
export interface SecurityRule {
  /** Short kebab-case id, shown in every error, e.g. `s3-bucket-encryption`. */
  readonly id: string;
  /** Problems with `node`, each a sentence that says what to change; empty when it complies. */
  check(node: IConstruct): string[];
}

/** A literal `true`; unresolved tokens and absent values are not. */
export const isTrue = (v: unknown): boolean => v === true || v === 'true';
