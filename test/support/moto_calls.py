"""AWS API calls to a moto server through boto3, for tests whose SDK has no client for a service.

Reads one JSON object on stdin:
  {"endpoint": "http://127.0.0.1:PORT", "region": "eu-west-1",
   "credentials": {"AccessKeyId", "SecretAccessKey", "SessionToken"?} | null (unsigned),
   "calls": [{"service": "iam", "operation": "PutRolePolicy", "params": {...},
              "iamResource": "arn:..." (optional),
              "credentials": {...} (optional: this call's own, instead of the batch's)}]}
and prints one JSON line: {"results": [...]}, one per call in order, each
  {"ok": true, "response": {...}} or {"ok": false, "code": "...", "status": 403, "message": "..."}.

`operation` is the API's own name (PutRolePolicy); `iamResource` goes into the
X-Rehearsal-Iam-Resource header that test/support/moto_server.py authorizes on. Nothing is retried.
"""

import json
import sys

import boto3
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

RESOURCE_HEADER = "X-Rehearsal-Iam-Resource"


def client_for(session, service, endpoint, unsigned):
    config = Config(retries={"max_attempts": 1}, signature_version=UNSIGNED if unsigned else None)
    return session.client(service, endpoint_url=endpoint, config=config)


def session_for(creds, region):
    return boto3.Session(
        aws_access_key_id=(creds or {}).get("AccessKeyId", "unsigned"),
        aws_secret_access_key=(creds or {}).get("SecretAccessKey", "unsigned"),
        aws_session_token=(creds or {}).get("SessionToken"),
        region_name=region,
    )


def run(spec):
    clients = {}
    results = []
    for call in spec["calls"]:
        service = call["service"]
        creds = call.get("credentials", spec.get("credentials"))
        key = (service, json.dumps(creds, sort_keys=True))
        if key not in clients:
            session = session_for(creds, spec["region"])
            clients[key] = client_for(session, service, spec["endpoint"], creds is None)
        client = clients[key]
        resource = call.get("iamResource")

        def add_header(request, **_):
            if resource is not None:
                request.headers[RESOURCE_HEADER] = resource

        event = f"before-sign.{client.meta.service_model.service_id.hyphenize()}"
        client.meta.events.register(event, add_header)
        try:
            methods = {api: name for name, api in client.meta.method_to_api_mapping.items()}
            method = getattr(client, methods[call["operation"]])
            response = method(**call["params"])
            response.pop("ResponseMetadata", None)
            results.append({"ok": True, "response": response})
        except ClientError as e:
            results.append(
                {
                    "ok": False,
                    "code": e.response.get("Error", {}).get("Code", ""),
                    "status": e.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0),
                    "message": e.response.get("Error", {}).get("Message", str(e)),
                }
            )
        finally:
            client.meta.events.unregister(event, add_header)
    return results


if __name__ == "__main__":
    print(json.dumps({"results": run(json.load(sys.stdin))}, default=str))
