"""Calls AWS makes as a deploy role, with moto 5.2.1 enforcing IAM, in-process.

Reads a JSON spec on stdin:
  {"account": "...", "region": "...", "buckets": [...],
   "roles": [{"name", "inline": [{"name", "policy"}], "managed": [{"name", "policy"}]}],
   "caller": "<role name>",
   "calls": [{"service": "s3" | "iam", "operation": "<boto3 method>", "params": {...}}]}
and prints one JSON line: {"decisions": ["Allowed" | "Denied", ...]} in the order of the calls.

The roles and buckets are made without authentication, the caller's role is assumed, and only then
is enforcement switched on. moto checks identity policies only (no permissions boundaries, no
resource policies for these services), and it evaluates them without any request context,
taking every Condition as met: a conditioned statement that names the call's action applies
unconditionally, whatever its effect. Only calls that no conditioned statement names are
evidence either way.

Patched: moto turns a policy's `*` into a regex `.*` without escaping the rest, so `?` (one
character, which the fixed-length name patterns use) and `.` break or widen the match; here both
wildcards get their IAM meaning and everything else is literal.
"""

import json
import re
import sys

import boto3
from botocore.exceptions import ClientError
from moto import mock_aws, settings
from moto.core.authorization import ActionAuthenticatorMixin
from moto.iam.access_control import IAMPolicyStatement


def _iam_match(pattern: str, string: str):
    regex = "".join(
        ".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern
    )
    return re.match(f"^{regex}$", string)


IAMPolicyStatement._match = staticmethod(_iam_match)

DENIED_CODES = {"AccessDenied", "AccessDeniedException"}


def main() -> None:
    spec = json.load(sys.stdin)
    region = spec["region"]
    with mock_aws():
        settings.INITIAL_NO_AUTH_ACTION_COUNT = float("inf")
        admin = boto3.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name=region
        )
        iam = admin.client("iam")
        s3 = admin.client("s3")
        for bucket in spec["buckets"]:
            s3.create_bucket(
                Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region}
            )
        trust = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{spec['account']}:root"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
        for role in spec["roles"]:
            iam.create_role(RoleName=role["name"], AssumeRolePolicyDocument=json.dumps(trust))
            for p in role["inline"]:
                iam.put_role_policy(
                    RoleName=role["name"], PolicyName=p["name"], PolicyDocument=json.dumps(p["policy"])
                )
            for p in role["managed"]:
                arn = iam.create_policy(
                    PolicyName=p["name"], PolicyDocument=json.dumps(p["policy"])
                )["Policy"]["Arn"]
                iam.attach_role_policy(RoleName=role["name"], PolicyArn=arn)
        creds = admin.client("sts").assume_role(
            RoleArn=f"arn:aws:iam::{spec['account']}:role/{spec['caller']}",
            RoleSessionName="rehearsal",
        )["Credentials"]
        caller = boto3.Session(
            aws_access_key_id=creds["AccessKeyId"],
            aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=creds["SessionToken"],
            region_name=region,
        )

        settings.INITIAL_NO_AUTH_ACTION_COUNT = 0
        ActionAuthenticatorMixin.request_count = 0
        decisions = []
        for call in spec["calls"]:
            client = caller.client(call["service"])
            try:
                getattr(client, call["operation"])(**call["params"])
                decisions.append("Allowed")
            except ClientError as e:
                code = e.response["Error"]["Code"]
                # Anything but an access denial got past the authorization check.
                decisions.append("Denied" if code in DENIED_CODES else "Allowed")
        print(json.dumps({"decisions": decisions}))


if __name__ == "__main__":
    main()
