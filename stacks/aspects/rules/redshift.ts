import { RedshiftCluster } from '@cdktf/provider-aws/lib/redshift-cluster/index.js';
import { RedshiftserverlessNamespace } from '@cdktf/provider-aws/lib/redshiftserverless-namespace/index.js';
import { RedshiftserverlessWorkgroup } from '@cdktf/provider-aws/lib/redshiftserverless-workgroup/index.js';
import { isTrue, type SecurityRule } from './rule.js';

/** Clusters are encrypted; serverless namespaces use a customer managed key. */
export const redshiftEncryptionRule: SecurityRule = {
  id: 'redshift-encryption',
  check(node) {
    if (node instanceof RedshiftCluster && !isTrue(node.encryptedInput)) {
      return ['the cluster is not encrypted; set encrypted: true and kmsKeyId'];
    }
    if (node instanceof RedshiftserverlessNamespace && node.kmsKeyIdInput === undefined) {
      return ['the namespace has no customer managed key; set kmsKeyId'];
    }
    return [];
  },
};

/** Warehouses are never reachable from the internet (clusters default to public in provider 5). */
export const redshiftPrivateRule: SecurityRule = {
  id: 'redshift-not-public',
  check(node) {
    if (node instanceof RedshiftCluster && node.publiclyAccessibleInput !== false) {
      return ['the cluster may be publicly accessible; set publiclyAccessible: false'];
    }
    if (node instanceof RedshiftserverlessWorkgroup && isTrue(node.publiclyAccessibleInput)) {
      return ['the workgroup is publicly accessible; set publiclyAccessible: false'];
    }
    return [];
  },
};
