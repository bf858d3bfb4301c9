"""moto's server, patched where moto 5.2.1 falls short of what terraform-provider-aws 5.100 reads.

Run as `python3 moto_server.py -H 127.0.0.1 -p PORT` (same arguments as `moto_server`).

- Redshift clusters report no ClusterAvailabilityStatus, AvailabilityZoneRelocationStatus or
  MultiAZ, so the provider's create waiter and its read fail.
- ModifyClusterParameterGroup is missing, and DescribeClusterParameters ignores what was set.
- DeleteModelPackageGroup is missing, and the provider retries it until it times out.
- Clusters never report MasterPasswordSecretArn (moto keeps no managed password); report the ARN
  Redshift would give the secret, so the stack's outputs are complete.
"""

import sys

import moto.redshift.models as redshift_models
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
    return (
        f"arn:aws:secretsmanager:{cluster.region}:{cluster.account_id}"
        f":secret:redshift!{cluster.cluster_identifier}-admin"
    )


redshift_models.Cluster.master_password_secret_arn = property(_master_password_secret_arn)


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

if __name__ == "__main__":
    from moto.server import main

    main(sys.argv[1:])
