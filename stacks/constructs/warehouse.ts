/** What the rest of the stack and the actions need to know about a team's warehouse. */
export interface WarehouseHandles {
  readonly type: 'provisioned' | 'serverless';
  /** Database the migrations run in. */
  readonly database: string;
  /** Secrets Manager secret holding the admin credentials Redshift manages. */
  readonly secretArn: string;
  /** Cluster identifier (provisioned) or workgroup name (serverless). */
  readonly name: string;
}

import { WAREHOUSE_ADMIN_USERNAME } from '../../contracts/naming.js';

/** Redshift's built-in admin user for the team's warehouse; its password lives in Secrets Manager. */
export const ADMIN_USERNAME = WAREHOUSE_ADMIN_USERNAME;

/** Audit logs Redshift sends to CloudWatch Logs. */
export const AUDIT_LOG_EXPORTS = ['connectionlog', 'useractivitylog', 'userlog'];
