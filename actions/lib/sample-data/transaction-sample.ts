import type { TransactionColumns } from '../../../contracts/environment/schema.js';

/** A generated sample that is one transactions file, and how an environment reads it. */
export interface TransactionSample {
  readonly file: string;
  /** `source.columns` for this file: the sample's file in examples/environments says the same. */
  readonly columns: Readonly<TransactionColumns>;
  /** `source.excludeStatuses` for this file. */
  readonly excludedStatuses: readonly string[];
  /** About `rows` data rows (header first, ending with a newline), the same for the same seed. */
  readonly generate: (options: { rows: number; seed: number }) => string;
}
