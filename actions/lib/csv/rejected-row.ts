/** A row that will not be loaded, and why; `line` is where the row starts in the file. */
export interface RejectedRow {
  readonly file: string;
  readonly line: number;
  readonly column?: string;
  readonly reason: string;
  readonly raw: string;
}
