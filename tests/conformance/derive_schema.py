#!/usr/bin/env python3
"""Derives network-insights-analysis.schema.json from botocore's EC2 model.

Usage: pip download --no-deps botocore==1.44.8 -d /tmp/boto
       python3 tests/conformance/derive_schema.py /tmp/boto/botocore-1.44.8-py3-none-any.whl

Keeps, for every shape reachable from `NetworkInsightsAnalysis` (what
`aws ec2 describe-network-insights-analyses` prints per analysis), its members and their
shapes, list element shapes, scalar types and enum values. Documentation strings are left out:
the schema says only which member names and values AWS's model allows.
"""
import gzip
import json
import sys
import zipfile

MODEL = "botocore/data/ec2/2016-11-15/service-2.json.gz"


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        model = json.loads(gzip.decompress(archive.read(MODEL)))
    shapes = model["shapes"]
    out = {}
    pending = ["NetworkInsightsAnalysis"]
    while pending:
        name = pending.pop()
        if name in out:
            continue
        shape = shapes[name]
        kind = shape["type"]
        if kind == "structure":
            members = {member: spec["shape"] for member, spec in shape["members"].items()}
            out[name] = {"members": members}
            pending.extend(members.values())
        elif kind == "list":
            out[name] = {"list": shape["member"]["shape"]}
            pending.append(shape["member"]["shape"])
        else:
            entry = {"type": kind}
            if "enum" in shape:
                entry["enum"] = shape["enum"]
            out[name] = entry
    schema = {
        "source": f"botocore {wheel.rsplit('/', 1)[-1]}, {MODEL}",
        "root": "NetworkInsightsAnalysis",
        "shapes": dict(sorted(out.items())),
    }
    json.dump(schema, sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
