import { sqlString } from '../sql/literal.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { RejectedRow } from '../csv/rejected-row.js';
import { sourceLine, type CheckedCsv } from './check-csv.js';

/** One row of Redshift's SYS_LOAD_ERROR_DETAIL, the columns the report needs. */
export interface LoadErrorDetail {
  readonly file_name: string;
  readonly line_number: number;
  readonly column_name: string;
  readonly error_code: number;
  readonly error_message: string;
}

/**
 * The rows COPY rejected from the given `s3://` files. Each load writes to its own S3 folder, so
 * the file names alone pick out this load's errors.
 */
export async function readLoadErrors(
  wh: Warehouse,
  urls: readonly string[],
): Promise<LoadErrorDetail[]> {
  if (urls.length === 0) return [];
  return wh.query<LoadErrorDetail & Record<string, unknown>>(
    `select trim(file_name) as file_name, line_number, trim(column_name) as column_name,
  error_code, trim(error_message) as error_message
from sys_load_error_detail
where trim(file_name) in (${urls.map((u) => sqlString(u, 'the loaded file')).join(', ')})
order by 1, 2`,
  );
}

/**
 * A Redshift reject as the local loader reports one: the line in the user's file (the uploaded
 * copy may lack rows rejected locally), the column, Redshift's reason and the row's text.
 */
export function toRejectedRow(detail: LoadErrorDetail, checked: CheckedCsv): RejectedRow {
  const uploadedLine = Number(detail.line_number);
  const column = detail.column_name.trim();
  const raw = lineOf(checked.acceptedBytes, uploadedLine);
  return {
    file: checked.file,
    line: sourceLine(checked, uploadedLine),
    reason: `${column === '' ? '' : `${column} `}${detail.error_message.trim()} (Redshift load error ${detail.error_code})`,
    raw,
    ...(column === '' ? {} : { column }),
  };
}

function lineOf(bytes: Uint8Array, line: number): string {
  const text = new TextDecoder().decode(bytes);
  let start = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', start);
    if (next === -1) return '';
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? text.length : end).replace(/\r$/, '');
}
