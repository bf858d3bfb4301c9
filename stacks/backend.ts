import { LocalBackend, S3Backend, type TerraformStack } from 'cdktf';

/** Where a stack keeps its Terraform state. */
export type StateBackend =
  | {
      readonly kind: 's3';
      readonly bucket: string;
      readonly region: string;
    }
  | { readonly kind: 'local' };

/**
 * Gives `stack` an S3 backend at `key`, with S3-native locking (`use_lockfile`, Terraform ≥ 1.10),
 * or a local backend whose path is relative to the stack's directory, so the JSON is portable.
 */
export function useStateBackend(stack: TerraformStack, backend: StateBackend, key: string): void {
  if (backend.kind === 'local') {
    new LocalBackend(stack, { path: 'terraform.tfstate' });
    return;
  }
  const s3 = new S3Backend(stack, {
    bucket: backend.bucket,
    key,
    region: backend.region,
    encrypt: true,
  });
  // cdktf 0.21's S3Backend predates use_lockfile.
  s3.addOverride('use_lockfile', true);
}
