import { SagemakerNotebookInstance } from '@cdktf/provider-aws/lib/sagemaker-notebook-instance/index.js';
import type { SecurityRule } from './rule.js';

/** Notebook users get no root access (the default is Enabled). */
export const notebookRootAccessRule: SecurityRule = {
  id: 'notebook-no-root-access',
  check(node) {
    return node instanceof SagemakerNotebookInstance && node.rootAccessInput !== 'Disabled'
      ? ["root access is not disabled; set rootAccess: 'Disabled'"]
      : [];
  },
};

/** Notebooks reach nothing but the VPC (the default is direct internet access). */
export const notebookDirectInternetRule: SecurityRule = {
  id: 'notebook-no-direct-internet',
  check(node) {
    return node instanceof SagemakerNotebookInstance &&
      node.directInternetAccessInput !== 'Disabled'
      ? [
          "direct internet access is not disabled; set directInternetAccess: 'Disabled' and a subnetId",
        ]
      : [];
  },
};
