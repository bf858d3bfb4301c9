"""moto's server, patched where moto 5.2.1 falls short of what terraform-provider-aws 5.100 reads.

Run as `python3 moto_server.py -H 127.0.0.1 -p PORT` (same arguments as `moto_server`).

- Redshift clusters report no ClusterAvailabilityStatus, AvailabilityZoneRelocationStatus or
  MultiAZ, so the provider's create waiter and its read fail.
- ModifyClusterParameterGroup is missing, and DescribeClusterParameters ignores what was set.
- DeleteModelPackageGroup is missing, and the provider retries it until it times out.
- QuickSight data sets and ingestions get ARNs of the form `data-set/<id>` and
  `data-set/<id>/ingestions/<id>`; QuickSight's are `dataset/<id>` and
  `dataset/<id>/ingestion/<id>`, which the dashboard definition passes on and IAM grants name.
- Clusters never report MasterPasswordSecretArn (moto keeps no managed password); report the ARN
  Redshift would give the secret (`redshift!<cluster>-<admin user>-` and six characters), so the
  stack's outputs are complete and match the pipeline's grant on the secret.

With IAM enforcement switched on (POST /moto-api/reset-auth with body 0), for the IAM rehearsal:
- AssumeRoleWithWebIdentity is not signed (AWS takes it without credentials, as GitHub's OIDC
  exchange does); moto would fail it with an internal error, so it is let through unchecked.
- moto turns a policy's `*` into a regex `.*` without escaping the rest, so `?` (one character,
  which the fixed-length name patterns use) and `.` break or widen the match; here both wildcards
  get their IAM meaning and everything else is literal.
- moto's SigV4 check rebuilds S3's canonical query string from the decoded URL, so a signed
  ListObjectsV2 with a `/` in its prefix fails it; the rehearsal tests permissions, not signatures,
  so the signature is not recomputed (the access key still names the caller, and an unknown key
  is still refused).
- moto checks a bucket's policy on object calls even with enforcement off, taking every Condition
  as met, so the stacks' TLS-only Deny (`aws:SecureTransport` false) would refuse every object
  call; conditioned bucket policy statements are left out of moto's check (the rehearsal's
  simulator evaluates the bucket policies with their conditions).
- moto authorizes every service but S3, IAM and STS against the resource `*`, so a grant on a named
  resource never applies. A request may name the resource IAM would authorize it on in the
  `X-Rehearsal-Iam-Resource` header (the rehearsal's clients send what they evaluate with the
  simulator); moto's own policy evaluation then runs on that ARN. Real AWS never sees the header.
"""

import hashlib
import json
import re
import sys

import moto.quicksight.data_models as quicksight_models
import moto.redshift.models as redshift_models
import moto.s3.models as s3_models
from moto.core.authorization import ActionAuthenticatorMixin
from moto.iam.access_control import (
    IAMPolicy,
    IAMPolicyStatement,
    IAMRequestBase,
    PermissionResult,
)
from moto.redshift.exceptions import ClusterParameterGroupNotFoundError
from moto.core.responses import ActionResult, EmptyResult
from moto.redshift.responses import RedshiftResponse
from moto.sagemaker import models as sagemaker_models
from moto.sagemaker.responses import SageMakerResponse


def _cluster_availability_status(cluster):
    return "Available" if cluster.status == "available" else "Unavailable"


redshift_models.Cluster.cluster_availability_status = property(_cluster_availability_status)
redshift_models.Cluster.availability_zone_relocation_status = "disabled"
redshift_models.Cluster.multi_az = "Disabled"


def _master_password_secret_arn(cluster):
    suffix = hashlib.sha256(cluster.cluster_identifier.encode()).hexdigest()[:6]
    return (
        f"arn:aws:secretsmanager:{cluster.region}:{cluster.account_id}"
        f":secret:redshift!{cluster.cluster_identifier}-{cluster.master_username}-{suffix}"
    )


redshift_models.Cluster.master_password_secret_arn = property(_master_password_secret_arn)


_data_set_init = quicksight_models.QuicksightDataSet.__init__
_ingestion_init = quicksight_models.QuicksightIngestion.__init__


def _data_set_with_arn(self, account_id, region, _id, name):
    _data_set_init(self, account_id, region, _id, name)
    self.arn = self.arn.replace(":data-set/", ":dataset/")


def _ingestion_with_arn(self, account_id, region, data_set_id, ingestion_id):
    _ingestion_init(self, account_id, region, data_set_id, ingestion_id)
    self.arn = self.arn.replace(":data-set/", ":dataset/").replace("/ingestions/", "/ingestion/")


quicksight_models.QuicksightDataSet.__init__ = _data_set_with_arn
quicksight_models.QuicksightIngestion.__init__ = _ingestion_with_arn


def _user_parameters(group):
    return group.__dict__.setdefault("user_parameters", {})


def _modify_cluster_parameter_group(self):
    name = self._get_param("ParameterGroupName")
    group = self.redshift_backend.parameter_groups.get(name)
    if group is None:
        raise ClusterParameterGroupNotFoundError(name)
    for p in self._get_param("Parameters", []):
        _user_parameters(group)[p["ParameterName"]] = p["ParameterValue"]
    return ActionResult(
        {"ParameterGroupName": name, "ParameterGroupStatus": "Your parameter group has been updated"}
    )


def _describe_cluster_parameters(self):
    name = self._get_param("ParameterGroupName")
    source = self._get_param("Source")
    group = self.redshift_backend.parameter_groups.get(name)
    if group is None:
        raise ClusterParameterGroupNotFoundError(name)
    params = {
        p["ParameterName"]: p for p in self.redshift_backend.describe_default_cluster_parameters()
    }
    for key, value in _user_parameters(group).items():
        params[key] = {**params.get(key, {"ParameterName": key}), "ParameterValue": value, "Source": "user"}
    listed = [p for p in params.values() if source in (None, p.get("Source"))]
    return ActionResult({"Parameters": listed})


RedshiftResponse.modify_cluster_parameter_group = _modify_cluster_parameter_group
RedshiftResponse.describe_cluster_parameters = _describe_cluster_parameters


def _backend_delete_model_package_group(self, name):
    self.model_package_groups.pop(name, None)


def _delete_model_package_group(self):
    self.sagemaker_backend.delete_model_package_group(self._get_param("ModelPackageGroupName"))
    return EmptyResult()


sagemaker_models.SageMakerModelBackend.delete_model_package_group = _backend_delete_model_package_group
SageMakerResponse.delete_model_package_group = _delete_model_package_group


def _iam_match(pattern, string):
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.match(f"^{regex}$", string)


IAMPolicyStatement._match = staticmethod(_iam_match)


def _bucket_permission(bucket, action, resource):
    if bucket.policy is None:
        return PermissionResult.NEUTRAL
    policy = json.loads(bucket.policy.decode())
    statements = policy.get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    unconditioned = [s for s in statements if "Condition" not in s]
    document = json.dumps({**policy, "Statement": unconditioned})
    return IAMPolicy(document).is_action_permitted(action, resource)


s3_models.FakeBucket.get_permission = _bucket_permission
IAMRequestBase.check_signature = lambda self: None

RESOURCE_HEADER = "X-Rehearsal-Iam-Resource"
_authorize_normal_action = ActionAuthenticatorMixin._authenticate_and_authorize_normal_action


def _authorize_with_resource(self, resource="*"):
    if self._get_action() == "AssumeRoleWithWebIdentity":
        return
    named = self.headers.get(RESOURCE_HEADER)
    return _authorize_normal_action(self, named if resource == "*" and named else resource)


ActionAuthenticatorMixin._authenticate_and_authorize_normal_action = _authorize_with_resource


if __name__ == "__main__":
    from moto.server import main

    main(sys.argv[1:])
