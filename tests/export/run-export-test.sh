#!/usr/bin/env bash
# End-to-end test of scripts/export-aws.sh against the stub `aws` in
# tests/export/stub-aws/ (a small fixture account, 111122223333 / us-east-1).
#
# Usage: tests/export/run-export-test.sh [OUT_DIR]
#
# Exports the fixture account into OUT_DIR (default: a new temporary folder,
# which is kept) and checks the files, the ReachExport wrappers and the calls
# made; then checks the error paths (denied and empty services, a failing core
# call, a failing per-resource call, region and profile handling, CLI v1) in
# scratch folders. Prints the export folder, then "N passed, N failed".
# Needs bash and python3 (no AWS account, no network).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SCRIPT="$REPO/scripts/export-aws.sh"
STUB_DIR="$HERE/stub-aws"
RESPONSES="$STUB_DIR/responses"

if (($# > 1)); then
    echo "usage: $0 [OUT_DIR]" >&2
    exit 2
fi

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/reach-export-test.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
if (($# == 1)); then
    OUT_DIR=$1
else
    OUT_DIR=$(mktemp -d "${TMPDIR:-/tmp}/reach-export.XXXXXX")
fi
mkdir -p "$OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)

PASSED=0
FAILED=0
pass() {
    PASSED=$((PASSED + 1))
    printf 'ok   %s\n' "$*"
}
fail() {
    FAILED=$((FAILED + 1))
    printf 'FAIL %s\n' "$*"
}
check() { # check DESCRIPTION COMMAND...
    local what=$1
    shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}

# run_export NAME [VAR=VALUE...] -- ARGS...: run the export script with the stub
# first on PATH, in $SCRATCH/NAME (its cwd); stdout, stderr, exit code and the
# stub's call log land in $SCRATCH/NAME/{stdout,stderr,rc,aws.log}.
run_export() {
    local name=$1
    shift
    local dir="$SCRATCH/$name"
    local -a env_vars=()
    while (($# > 0)) && [[ "$1" != -- ]]; do
        env_vars+=("$1")
        shift
    done
    shift
    mkdir -p "$dir/cwd"
    local rc=0
    (
        cd "$dir/cwd"
        env PATH="$STUB_DIR:$PATH" STUB_AWS_LOG="$dir/aws.log" \
            ${env_vars[@]+"${env_vars[@]}"} "$SCRIPT" "$@"
    ) >"$dir/stdout" 2>"$dir/stderr" </dev/null || rc=$?
    echo "$rc" >"$dir/rc"
    touch "$dir/aws.log"
}
rc_of() { cat "$SCRATCH/$1/rc"; }
has() { grep -qF -- "$2" "$SCRATCH/$1/$3"; }          # has RUN TEXT FILE
hasnt() { ! grep -qF -- "$2" "$SCRATCH/$1/$3"; }      # hasnt RUN TEXT FILE
show_on_failure() {
    local name=$1
    if [[ "$(rc_of "$name")" != "$2" ]]; then
        echo "---- $name stdout"
        cat "$SCRATCH/$name/stdout"
        echo "---- $name stderr"
        cat "$SCRATCH/$name/stderr"
    fi
}

ACCOUNT=111122223333
REGION=us-east-1
PL="pl-0c9d0e1f2a3b4c5d6"
PL_S3="pl-63a5400a"
PL_DDB="pl-02cd2c6b"
TGW_RTB=tgw-rtb-0c7d8e9f0a1b2c3d4
NFW=arn:aws:network-firewall:$REGION:$ACCOUNT
ELB=arn:aws:elasticloadbalancing:$REGION:$ACCOUNT
FW_ARN=$NFW:firewall/reach-egress-fw
POLICY_ARN=$NFW:firewall-policy/reach-egress-policy
RG_STATEFUL_ARN=$NFW:stateful-rulegroup/reach-egress-allow
RG_STATELESS_ARN=$NFW:stateless-rulegroup/reach-drop-telnet
ALB_ARN=$ELB:loadbalancer/app/reach-app-alb/5d1b2c3a4f6e7d80
LISTENER_ARN=$ELB:listener/app/reach-app-alb/5d1b2c3a4f6e7d80/9a8b7c6d5e4f3a21
TG_ARN=$ELB:targetgroup/reach-app-tg/3c4d5e6f7a8b9c0d

# ------------------------------------------------------------------ fixtures
check "fixture account is self-consistent (check-fixtures.py)" python3 "$HERE/check-fixtures.py"

# ------------------------------------------------------------------ main export
run_export main -- --region "$REGION" "$OUT_DIR"
show_on_failure main 0
check "export exits 0" test "$(rc_of main)" = 0

# file -> fixture it must contain (verbatim)
EXPECTED="$SCRATCH/expected.tsv"
{
    for op in describe-vpcs describe-subnets describe-route-tables describe-security-groups \
        describe-security-group-rules describe-network-acls describe-network-interfaces \
        describe-instances describe-internet-gateways describe-egress-only-internet-gateways \
        describe-nat-gateways describe-addresses describe-vpc-endpoints describe-vpc-endpoint-services \
        describe-vpc-endpoint-service-configurations describe-vpc-endpoint-connections \
        describe-vpc-peering-connections describe-managed-prefix-lists describe-prefix-lists \
        describe-transit-gateways describe-transit-gateway-attachments \
        describe-transit-gateway-vpc-attachments describe-transit-gateway-peering-attachments \
        describe-transit-gateway-route-tables describe-vpn-gateways; do
        printf '%s\t%s\t-\t-\n' "$op.json" "ec2/$op.json"
    done
    for pl in "$PL_S3" "$PL_DDB" "$PL"; do
        printf '%s\t%s\t%s\t%s\n' "get-managed-prefix-list-entries.$pl.json" \
            "ec2/get-managed-prefix-list-entries/$pl.json" PrefixListId "$pl"
    done
    for op in search-transit-gateway-routes get-transit-gateway-route-table-associations \
        get-transit-gateway-route-table-propagations; do
        printf '%s\t%s\t%s\t%s\n' "$op.$TGW_RTB.json" "ec2/$op/$TGW_RTB.json" \
            TransitGatewayRouteTableId "$TGW_RTB"
    done
    printf '%s\t%s\t-\t-\n' \
        list-firewalls.json network-firewall/list-firewalls.json \
        describe-firewall.reach-egress-fw.json network-firewall/describe-firewall/reach-egress-fw.json \
        describe-vpc-endpoint-association.7c1e2a9b-4d3f-4e8a-9b6c-0f1e2d3c4b5a.json network-firewall/describe-vpc-endpoint-association/7c1e2a9b-4d3f-4e8a-9b6c-0f1e2d3c4b5a.json \
        describe-firewall-policy.reach-egress-policy.json network-firewall/describe-firewall-policy/reach-egress-policy.json \
        describe-rule-group.reach-egress-allow.json network-firewall/describe-rule-group/reach-egress-allow.json \
        describe-rule-group.reach-drop-telnet.json network-firewall/describe-rule-group/reach-drop-telnet.json \
        describe-load-balancers.json elbv2/describe-load-balancers.json \
        describe-listeners.reach-app-alb.json elbv2/describe-listeners/reach-app-alb.json \
        describe-rules.reach-app-alb.9a8b7c6d5e4f3a21.json elbv2/describe-rules/reach-app-alb.9a8b7c6d5e4f3a21.json \
        describe-target-groups.json elbv2/describe-target-groups.json
    printf '%s\t%s\t%s\t%s\n' describe-target-health.reach-app-tg.json \
        elbv2/describe-target-health/reach-app-tg.json TargetGroupArn "$TG_ARN"
    printf '%s\t%s\t%s\t%s\n' describe-target-group-attributes.reach-app-tg.json \
        elbv2/describe-target-group-attributes/reach-app-tg.json TargetGroupArn "$TG_ARN"
    printf '%s\t%s\t%s\t%s\n' describe-load-balancer-attributes.reach-app-alb.json \
        elbv2/describe-load-balancer-attributes/reach-app-alb.json LoadBalancerArn "$ALB_ARN"
    # Outputs that hold secrets: written as the CLI printed them, but for those.
    printf '%s\t%s\tsecrets\t-\n' \
        describe-vpn-connections.json ec2/describe-vpn-connections.json \
        describe-virtual-interfaces.json directconnect/describe-virtual-interfaces.json
} >"$EXPECTED"

check_files() {
    python3 - "$OUT_DIR" "$RESPONSES" "$EXPECTED" "$ACCOUNT" "$REGION" <<'PY'
import json, os, re, sys
out_dir, responses, expected_tsv, account, region = sys.argv[1:]
rows = [l.rstrip("\n").split("\t") for l in open(expected_tsv) if l.strip()]
expected = {r[0] for r in rows}
actual = set(os.listdir(out_dir))
bad = 0
def problem(msg):
    global bad
    bad += 1
    print(f"     {msg}")
for f in sorted(expected - actual):
    problem(f"missing file {f}")
for f in sorted(actual - expected):
    problem(f"unexpected file {f}")
for name, fixture, key, value in rows:
    path = os.path.join(out_dir, name)
    if not os.path.exists(path):
        continue
    text = open(path, encoding="utf-8").read()
    fixture_text = open(os.path.join(responses, fixture), encoding="utf-8").read()
    try:
        doc = json.loads(text)
    except ValueError as e:
        problem(f"{name}: not valid JSON: {e}")
        continue
    if key == "secrets":
        # Every secret's value replaced, the rest exactly as the CLI printed it.
        secret = re.compile(r'("(PreSharedKey|CustomerGatewayConfiguration|authKey|customerRouterConfig)": )"([^"\\]|\\.)*"')
        if text != secret.sub(r'\1"(removed by export-aws.sh)"', fixture_text):
            problem(f"{name}: differs from the CLI output with its secrets removed (fixture {fixture})")
        if "Stub.Secret" in text or "StubBgpKey" in text or not secret.search(fixture_text):
            problem(f"{name}: a secret of the fixture is still in the export")
        continue
    if key == "-":
        if "ReachExport" in doc:
            problem(f"{name}: must not be wrapped")
        if text != fixture_text:
            problem(f"{name}: differs from the CLI output (fixture {fixture})")
        continue
    ctx = doc.get("ReachExport")
    if not isinstance(ctx, dict):
        problem(f"{name}: no ReachExport wrapper")
        continue
    if set(doc) != {"ReachExport", "Output"}:
        problem(f"{name}: top-level keys {sorted(doc)} (want ReachExport, Output)")
    want = {"Version": 1, "Region": region, "AccountId": account, key: value}
    for k, v in want.items():
        if ctx.get(k) != v:
            problem(f"{name}: ReachExport.{k} = {ctx.get(k)!r}, want {v!r}")
    cmd = ctx.get("Command", "")
    if not (isinstance(cmd, str) and cmd.startswith("aws ") and value in cmd):
        problem(f"{name}: ReachExport.Command {cmd!r} does not name the call and {value}")
    extra = set(ctx) - {"Version", "Command", "Region", "AccountId", "TransitGatewayRouteTableId",
                        "PrefixListId", "TargetGroupArn", "LoadBalancerArn", "RuleGroupArn",
                        "FirewallPolicyArn"}
    if extra:
        problem(f"{name}: unknown ReachExport keys {sorted(extra)}")
    if doc.get("Output") != json.loads(fixture_text):
        problem(f"{name}: Output differs from the CLI output (fixture {fixture})")
    if fixture_text.rstrip("\n") not in text:
        problem(f"{name}: Output is not the CLI output verbatim")
sys.exit(1 if bad else 0)
PY
}
check "export wrote exactly the expected $(wc -l <"$EXPECTED") files; plain files verbatim, context files wrapped" check_files

LOG="$SCRATCH/main/aws.log"
check_call() { # check_call TEXT: some logged call contains TEXT
    if grep -qF -- "$1" "$LOG"; then pass "called: aws ... $1"; else fail "called: aws ... $1"; fi
}
check_call "ec2 get-managed-prefix-list-entries --prefix-list-id $PL"
check_call "ec2 get-managed-prefix-list-entries --prefix-list-id $PL_S3"
check_call "ec2 search-transit-gateway-routes --transit-gateway-route-table-id $TGW_RTB --filters Name=state,Values=active,blackhole"
check_call "ec2 get-transit-gateway-route-table-associations --transit-gateway-route-table-id $TGW_RTB"
check_call "ec2 get-transit-gateway-route-table-propagations --transit-gateway-route-table-id $TGW_RTB"
check_call "network-firewall describe-firewall --firewall-arn $FW_ARN"
check_call "network-firewall describe-vpc-endpoint-association --vpc-endpoint-association-arn $NFW:vpc-endpoint-association/7c1e2a9b-4d3f-4e8a-9b6c-0f1e2d3c4b5a"
check_call "network-firewall describe-firewall-policy --firewall-policy-arn $POLICY_ARN"
check_call "network-firewall describe-rule-group --rule-group-arn $RG_STATEFUL_ARN"
check_call "network-firewall describe-rule-group --rule-group-arn $RG_STATELESS_ARN"
check_call "elbv2 describe-listeners --load-balancer-arn $ALB_ARN"
check_call "elbv2 describe-rules --listener-arn $LISTENER_ARN"
check_call "elbv2 describe-target-health --target-group-arn $TG_ARN"
check_call "elbv2 describe-target-group-attributes --target-group-arn $TG_ARN"
check_call "elbv2 describe-load-balancer-attributes --load-balancer-arn $ALB_ARN"

every_call_has() { # every_call_has LOG WORD...: every AWS service call in LOG has each WORD
    local log=$1 line word
    shift
    while IFS= read -r line; do
        [[ "$line" == --version || "$line" == *"configure get region"* ]] && continue
        for word in "$@"; do
            [[ " $line " == *" $word "* ]] || {
                echo "     call without '$word': $line"
                return 1
            }
        done
    done <"$log"
}
every_call_output() {
    local line
    while IFS= read -r line; do
        [[ "$line" == --version || "$line" == *"configure get region"* ]] && continue
        [[ " $line " == *" --output json "* || " $line " == *" --output text "* ]] || {
            echo "     call without --output: $line"
            return 1
        }
    done <"$1"
}
check "every call passes --region $REGION and --no-cli-pager" every_call_has "$LOG" --region "$REGION" --no-cli-pager
check "every call sets --output" every_call_output "$LOG"
check "no call for a TLS inspection configuration (none referenced)" \
    bash -c "! grep -q describe-tls-inspection-configuration '$LOG'"
check "summary names the folder and the reach command" has main "reach inventory $OUT_DIR" stdout
check "summary counts the files" has main "Wrote $(wc -l <"$EXPECTED") files to $OUT_DIR" stdout

# ------------------------------------------------------------------ denied and empty services, --profile
run_export skip STUB_AWS_DENY="network-firewall list-firewalls" \
    STUB_AWS_EMPTY="elbv2 describe-load-balancers,ec2 describe-transit-gateway-route-tables" \
    -- --region "$REGION" --profile lab out
show_on_failure skip 0
check "denied/empty services: export still exits 0" test "$(rc_of skip)" = 0
check "denied service: warning names the call" has skip "network-firewall list-firewalls" stderr
check "denied service: summary lists it as skipped" has skip "Skipped 1 call(s)" stdout
check "denied service: no per-firewall calls" hasnt skip "describe-firewall" aws.log
check "no load balancers: says so" has skip "no load balancers" stderr
check "no load balancers: no describe-listeners/describe-rules" hasnt skip "describe-listeners" aws.log
check "no load balancers: no describe-load-balancer-attributes" hasnt skip "describe-load-balancer-attributes" aws.log
check "no TGW route tables: says so" has skip "no transit gateway route tables" stderr
check "no TGW route tables: no search-transit-gateway-routes" hasnt skip "search-transit-gateway-routes" aws.log
check "target groups still exported" test -f "$SCRATCH/skip/cwd/out/describe-target-health.reach-app-tg.json"
check "target group attributes still exported" test -f "$SCRATCH/skip/cwd/out/describe-target-group-attributes.reach-app-tg.json"
check "--profile is passed to every call" every_call_has "$SCRATCH/skip/aws.log" --profile lab

# ------------------------------------------------------------------ failing core call
run_export core STUB_AWS_FAIL="ec2 describe-vpcs" -- --region "$REGION" out
check "describe-vpcs failure aborts with exit 1" test "$(rc_of core)" = 1
check "describe-vpcs failure is explained" has core "'aws ec2 describe-vpcs' failed" stderr
check "describe-vpcs failure stops the export" hasnt core "describe-subnets" aws.log

# ------------------------------------------------------------------ failing per-resource call
run_export partial STUB_AWS_FAIL="elbv2 describe-rules" -- --region "$REGION" out
check "a failed per-resource call gives exit 3" test "$(rc_of partial)" = 3
check "a failed per-resource call is listed" has partial "FAILED 1 call(s)" stdout
check "the rest is still exported" test -f "$SCRATCH/partial/cwd/out/describe-target-health.reach-app-tg.json"

# ------------------------------------------------------------------ region from the environment, default folder
run_export envregion STUB_AWS_CONFIG_REGION= AWS_REGION=eu-west-1 --
show_on_failure envregion 0
check "region falls back to AWS_REGION" every_call_has "$SCRATCH/envregion/aws.log" --region eu-west-1
default_dir_ok() {
    local d
    for d in "$SCRATCH/envregion/cwd/aws-export-$ACCOUNT-eu-west-1-"*Z; do
        [[ -f "$d/describe-vpcs.json" ]] && return 0
    done
    return 1
}
check "default folder is ./aws-export-<account>-<region>-<UTC timestamp>" default_dir_ok
run_export configregion --
check "region comes from 'aws configure get region'" every_call_has "$SCRATCH/configregion/aws.log" --region us-east-1
run_export noregion STUB_AWS_CONFIG_REGION= AWS_REGION= AWS_DEFAULT_REGION= -- out
check "no region at all: exit 1" test "$(rc_of noregion)" = 1

# ------------------------------------------------------------------ AWS CLI v1
run_export v1 STUB_AWS_VERSION="aws-cli/1.45.11 Python/3.11.7 Linux/6.1 botocore/1.43.11" -- --region "$REGION" out
show_on_failure v1 0
check "AWS CLI v1: exits 0 without --no-cli-pager" test "$(rc_of v1)" = 0

# ------------------------------------------------------------------ usage
run_export help -- --help
check "--help prints usage" has help "Usage: export-aws.sh" stdout
check "--help makes no AWS calls" test ! -s "$SCRATCH/help/aws.log"
run_export badopt -- --bogus
check "unknown option: exit 2" test "$(rc_of badopt)" = 2
mkdir -p "$SCRATCH/nonempty/cwd/out"
touch "$SCRATCH/nonempty/cwd/out/keep"
run_export nonempty -- --region "$REGION" out
check "non-empty OUT_DIR is refused" test "$(rc_of nonempty)" = 1

echo
echo "OUT_DIR=$OUT_DIR"
echo "export-test: $PASSED passed, $FAILED failed"
((FAILED == 0))
