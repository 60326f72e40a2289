#!/usr/bin/env python3
"""Checks the stub-aws fixture account (tests/export/stub-aws/responses/).

1. References: every resource id or ARN mentioned anywhere in the fixtures
   (vpc-, subnet-, rtb-, sg-, eni-, i-, tgw-..., pl-, vpce-, network-firewall
   and elasticloadbalancing ARNs, ...) is defined by some fixture, so the
   fixture account is self-consistent.
2. Shapes (only when the botocore package is importable; skipped otherwise):
   every key is a member of the AWS API output shape of that call, and every
   value has the shape's type (and enum value), as the AWS CLI prints it.

Usage: check-fixtures.py [RESPONSES_DIR]      exit 0 when clean, 1 otherwise.
"""
import gzip
import json
import os
import re
import sys
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "stub-aws", "responses")

errors = []


def load_fixtures():
    out = {}
    for dirpath, _, files in os.walk(ROOT):
        for f in files:
            if not f.endswith(".json"):
                continue
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, ROOT)
            parts = rel.split(os.sep)
            service, op = parts[0], parts[1][:-5] if len(parts) == 2 else parts[1]
            with open(path, encoding="utf-8") as fh:
                try:
                    out[rel] = (service, op, json.load(fh))
                except ValueError as e:
                    errors.append(f"{rel}: invalid JSON: {e}")
    return out


fixtures = load_fixtures()


# ---------------------------------------------------------------- references
def walk(value, path=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from walk(v, f"{path}.{k}" if path else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from walk(v, f"{path}[{i}]")
    else:
        yield path, value


# Keys whose value *defines* a resource (the rest only reference one).
DEFINING_KEYS = {
    "VpcId": "Vpcs", "SubnetId": "Subnets", "RouteTableId": "RouteTables",
    "GroupId": "SecurityGroups", "NetworkAclId": "NetworkAcls",
    "NetworkInterfaceId": "NetworkInterfaces", "InstanceId": "Instances",
    "InternetGatewayId": "InternetGateways", "TransitGatewayId": "TransitGateways",
    "TransitGatewayAttachmentId": "TransitGatewayAttachments",
    "TransitGatewayRouteTableId": "TransitGatewayRouteTables",
    "PrefixListId": "PrefixLists", "NatGatewayId": "NatGateways",
    "VpcEndpointId": "VpcEndpoints", "VpcPeeringConnectionId": "VpcPeeringConnections",
    "EgressOnlyInternetGatewayId": "EgressOnlyInternetGateways", "VpnGatewayId": "VpnGateways",
    "FirewallArn": "Firewall", "FirewallPolicyArn": "FirewallPolicyResponse",
    "RuleGroupArn": "RuleGroupResponse", "LoadBalancerArn": "LoadBalancers",
    "ListenerArn": "Listeners", "TargetGroupArn": "TargetGroups", "RuleArn": "Rules",
    "VpcEndpointAssociationArn": "VpcEndpointAssociation",
}
defined = set()
for rel, (service, op, data) in fixtures.items():
    for path, value in walk(data):
        if not isinstance(value, str):
            continue
        segs = re.split(r"\.|\[\d+\]", path)
        segs = [s for s in segs if s]
        key = segs[-1] if segs else ""
        parent = segs[-2] if len(segs) > 1 else ""
        if key in DEFINING_KEYS and DEFINING_KEYS[key] == parent:
            defined.add(value)
    if service == "network-firewall" and op == "describe-firewall":
        for az in data["FirewallStatus"]["SyncStates"].values():
            defined.add(az["Attachment"]["EndpointId"])
    if service == "network-firewall" and op == "describe-vpc-endpoint-association":
        status = data["VpcEndpointAssociationStatus"]
        for az in status.get("AssociationSyncState", {}).values():
            defined.add(az["Attachment"]["EndpointId"])

# Ids of things the export does not list (AMIs, volumes, ...) or sub-objects.
EXTERNAL = re.compile(r"^(ami|vol|dopt|r|rtbassoc|aclassoc|sgr|eni-attach|ela-attach|vpc-cidr-assoc|vpce-svc)-")
ID = re.compile(r"\b((?:vpc|subnet|rtb|sg|acl|igw|eni|i|tgw|tgw-attach|tgw-rtb|pl|vpce|nat|eigw|pcx|vgw|eipalloc)-[0-9a-f]{8,17})\b")
ARN = re.compile(r"arn:aws:(?:network-firewall|elasticloadbalancing):[^\s\"]+")

for rel, (service, op, data) in fixtures.items():
    for path, value in walk(data):
        if not isinstance(value, str):
            continue
        for ref in ARN.findall(value):
            if ":aws-managed:" in ref:
                continue
            if ref not in defined:
                errors.append(f"{rel}: {path}: {ref} is not defined by any fixture")
        for ref in ID.findall(value):
            if EXTERNAL.match(ref) or ref.startswith("pl-") and value.startswith("arn:"):
                continue
            if ref not in defined:
                errors.append(f"{rel}: {path}: {ref} is not defined by any fixture")

# Every per-resource fixture file belongs to a listed resource.
for rel, (service, op, data) in fixtures.items():
    parts = rel.split(os.sep)
    if len(parts) == 3 and parts[2][:-5].startswith(("pl-", "tgw-rtb-")) and parts[2][:-5] not in defined:
        errors.append(f"{rel}: {parts[2][:-5]} is not listed by any describe call")

# ---------------------------------------------------------------- shapes
try:
    import botocore  # noqa: E402
except ImportError:
    botocore = None

shape_checked = 0
if botocore is not None:
    data_dir = os.path.join(os.path.dirname(botocore.__file__), "data")
    models = {}

    def model(service):
        if service not in models:
            d = os.path.join(data_dir, service)
            version = sorted(os.listdir(d))[-1]
            p = os.path.join(d, version, "service-2.json")
            opener = open
            if not os.path.exists(p):
                p += ".gz"
                opener = gzip.open
            with opener(p, "rt", encoding="utf-8") as fh:
                models[service] = json.load(fh)
        return models[service]

    # Values the real service returns although the API model's enum lacks them.
    # InternetGatewayAttachment.State is "available" for an attached IGW (the
    # model lists only attaching|attached|detaching|detached; AWS documents it).
    REAL_VALUES_OUTSIDE_ENUM = {"AttachmentStatus": {"available"}}

    def check(m, shape_name, value, where):
        shape = m["shapes"][shape_name]
        t = shape["type"]
        if t == "structure":
            if not isinstance(value, dict):
                errors.append(f"{where}: expected an object ({shape_name})")
                return
            for k, v in value.items():
                if k not in shape["members"]:
                    errors.append(f"{where}: unknown key {k!r} in {shape_name}")
                    continue
                check(m, shape["members"][k]["shape"], v, f"{where}.{k}")
        elif t == "list":
            if not isinstance(value, list):
                errors.append(f"{where}: expected a list ({shape_name})")
                return
            for i, v in enumerate(value):
                check(m, shape["member"]["shape"], v, f"{where}[{i}]")
        elif t == "map":
            if not isinstance(value, dict):
                errors.append(f"{where}: expected a map ({shape_name})")
                return
            for k, v in value.items():
                check(m, shape["value"]["shape"], v, f"{where}[{k!r}]")
        elif t == "string":
            if not isinstance(value, str):
                errors.append(f"{where}: expected a string, got {value!r}")
            elif ("enum" in shape and value not in shape["enum"]
                  and value not in REAL_VALUES_OUTSIDE_ENUM.get(shape_name, ())):
                errors.append(f"{where}: {value!r} is not one of {shape['enum']}")
        elif t in ("integer", "long"):
            if isinstance(value, bool) or not isinstance(value, int):
                errors.append(f"{where}: expected an integer, got {value!r}")
        elif t == "boolean":
            if not isinstance(value, bool):
                errors.append(f"{where}: expected a boolean, got {value!r}")
        elif t in ("double", "float"):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                errors.append(f"{where}: expected a number, got {value!r}")
        elif t == "timestamp":
            try:
                datetime.fromisoformat(value)
            except (TypeError, ValueError):
                errors.append(f"{where}: expected an ISO 8601 timestamp, got {value!r}")

    for rel, (service, op, data) in sorted(fixtures.items()):
        m = model(service)
        names = {k.lower(): k for k in m["operations"]}
        name = names.get(op.replace("-", ""))
        if name is None:
            errors.append(f"{rel}: {service} has no operation {op}")
            continue
        check(m, m["operations"][name]["output"]["shape"], data, rel)
        shape_checked += 1

for e in errors:
    print(f"check-fixtures: {e}", file=sys.stderr)
shape_note = (f"shapes of {shape_checked} files checked against botocore {botocore.__version__}"
              if botocore is not None else "shape check skipped (python3 botocore not installed)")
print(f"check-fixtures: {len(fixtures)} fixtures, {len(defined)} defined ids, {shape_note}, "
      f"{len(errors)} problems")
sys.exit(1 if errors else 0)
