#!/usr/bin/env bash
# Export the AWS network configuration that Reach reads, one file per AWS CLI
# call, into a folder that `reach inventory <folder>` can analyse offline.
#
# Needs only bash and the AWS CLI (v2 recommended; v1 works). No jq.
set -euo pipefail

PROG=$(basename "$0")

usage() {
    cat <<EOF
Usage: $PROG [--region REGION] [--profile PROFILE] [OUT_DIR]

Runs the read-only AWS CLI calls Reach reads (ec2, network-firewall, elbv2,
directconnect) for one account and region and writes each call's JSON output, verbatim, to
its own file in OUT_DIR. Outputs that carry no id of their own (prefix list
entries, transit gateway routes/associations/propagations, target health,
load balancer and target group attributes) are wrapped in a small
{"ReachExport": {...}, "Output": ...} document that records which resource
they belong to. Secrets in the outputs (VPN tunnels' pre-shared keys, Direct
Connect BGP keys and the configurations that repeat them) are replaced before
anything is written.

Options:
  --region REGION    region to export (default: \`aws configure get region\`,
                     then \$AWS_REGION, then \$AWS_DEFAULT_REGION)
  --profile PROFILE  AWS CLI profile to use
  -h, --help         show this help

OUT_DIR defaults to ./aws-export-<account>-<region>-<UTC timestamp>. If it
exists it must be empty.

Services that are empty, not enabled in the region, or not permitted for your
credentials are skipped with a note; the export fails only when the account
cannot be identified or \`ec2 describe-vpcs\` fails.

Exit status: 0 export complete (some services may have been skipped),
             1 export aborted, 2 usage error,
             3 export finished but some calls failed (see the warnings).

Then analyse it with:  reach inventory OUT_DIR
EOF
}

die() {
    printf '%s: error: %s\n' "$PROG" "$*" >&2
    exit 1
}

usage_error() {
    printf '%s: %s\n' "$PROG" "$*" >&2
    printf "Try '%s --help'.\n" "$PROG" >&2
    exit 2
}

note() {
    printf '%s\n' "$*" >&2
}

warn() {
    printf 'warning: %s\n' "$*" >&2
}

# ---------------------------------------------------------------- arguments
REGION=""
PROFILE=""
OUT_DIR=""
while (($# > 0)); do
    case "$1" in
    -h | --help)
        usage
        exit 0
        ;;
    --region)
        (($# >= 2)) || usage_error "--region needs a value"
        REGION=$2
        shift 2
        ;;
    --region=*)
        REGION=${1#--region=}
        shift
        ;;
    --profile)
        (($# >= 2)) || usage_error "--profile needs a value"
        PROFILE=$2
        shift 2
        ;;
    --profile=*)
        PROFILE=${1#--profile=}
        shift
        ;;
    --)
        shift
        break
        ;;
    -*)
        usage_error "unknown option: $1"
        ;;
    *)
        [[ -z "$OUT_DIR" ]] || usage_error "only one OUT_DIR may be given"
        OUT_DIR=$1
        shift
        ;;
    esac
done
if (($# > 0)); then
    [[ -z "$OUT_DIR" && $# -eq 1 ]] || usage_error "only one OUT_DIR may be given"
    OUT_DIR=$1
fi

command -v aws >/dev/null 2>&1 ||
    die "the AWS CLI ('aws') is not on PATH; install it: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/reach-export.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
ERR="$WORK/stderr"

# Global options for every call. CLI v2 pages output through `less` unless told
# not to; v1 has no pager and rejects --no-cli-pager.
export AWS_PAGER=""
AWS_GLOBAL=()
if [[ -n "$PROFILE" ]]; then
    AWS_GLOBAL+=(--profile "$PROFILE")
fi
CLI_VERSION=$(aws --version 2>&1 || true)
case "$CLI_VERSION" in
aws-cli/1.*) ;;
*) AWS_GLOBAL+=(--no-cli-pager) ;;
esac

# ---------------------------------------------------------------- region and account
if [[ -z "$REGION" ]]; then
    REGION=$(aws ${AWS_GLOBAL[@]+"${AWS_GLOBAL[@]}"} configure get region 2>/dev/null || true)
fi
if [[ -z "$REGION" ]]; then
    REGION=${AWS_REGION:-${AWS_DEFAULT_REGION:-}}
fi
[[ -n "$REGION" ]] ||
    die "no region: pass --region REGION, or set one with 'aws configure set region REGION' or AWS_REGION"
AWS_GLOBAL+=(--region "$REGION")

if ! ACCOUNT=$(aws "${AWS_GLOBAL[@]}" --output text --query Account sts get-caller-identity 2>"$ERR"); then
    cat "$ERR" >&2
    die "'aws sts get-caller-identity' failed, so the account cannot be identified; check your credentials${PROFILE:+ for profile $PROFILE}"
fi
ACCOUNT=${ACCOUNT//[[:space:]]/}
[[ -n "$ACCOUNT" && "$ACCOUNT" != None ]] || die "'aws sts get-caller-identity' returned no account id"

if [[ -z "$OUT_DIR" ]]; then
    OUT_DIR="./aws-export-$ACCOUNT-$REGION-$(date -u +%Y%m%dT%H%M%SZ)"
fi
if [[ -e "$OUT_DIR" ]]; then
    [[ -d "$OUT_DIR" ]] || die "$OUT_DIR exists and is not a directory"
    [[ -z "$(ls -A "$OUT_DIR")" ]] || die "$OUT_DIR is not empty; give a new or empty folder"
fi
mkdir -p "$OUT_DIR" || die "cannot create $OUT_DIR"

note "Exporting account $ACCOUNT, region $REGION, into $OUT_DIR"

# ---------------------------------------------------------------- call helpers
WRITTEN=0
SKIPPED=()
FAILED=()

# json_string VALUE: VALUE as a JSON string literal.
json_string() {
    local s=$1
    s=${s//\\/\\\\}
    s=${s//\"/\\\"}
    s=${s//$'\t'/\\t}
    s=${s//$'\n'/\\n}
    s=${s//$'\r'/\\r}
    printf '"%s"' "$s"
}

# first_error_line: the first non-empty line of the last call's stderr.
first_error_line() {
    local line
    while IFS= read -r line; do
        if [[ -n "${line//[[:space:]]/}" ]]; then
            printf '%s' "$line"
            return
        fi
    done <"$ERR"
    printf '(no error message)'
}

# call_failed DESCRIPTION: classify and record the failure of the last call.
call_failed() {
    local what=$1 msg
    msg=$(first_error_line)
    if grep -Eqi 'AccessDenied|UnauthorizedOperation|AuthorizationError|not authorized|OptInRequired|SubscriptionRequired|Could not connect to the endpoint URL|Unknown endpoint|not (available|supported) in (this|the) region|InvalidAction' "$ERR"; then
        warn "skipped 'aws $what' (not permitted or not available in $REGION): $msg"
        SKIPPED+=("$what")
    elif grep -Eq 'Invalid choice|Unknown options' "$ERR"; then
        warn "'aws $what' is not supported by this AWS CLI ($CLI_VERSION); upgrade the CLI: $msg"
        FAILED+=("$what")
    else
        warn "'aws $what' failed: $msg"
        FAILED+=("$what")
    fi
}

# Keys whose string values are secrets Reach never reads: a VPN tunnel's
# pre-shared key and the customer gateway configuration that repeats it, a Direct
# Connect BGP session's key and the router configuration that repeats it. An
# export is meant to be shared, so they never reach OUT_DIR.
SECRET_KEYS='PreSharedKey|CustomerGatewayConfiguration|authKey|customerRouterConfig'

# without_secrets IN OUT: IN with the value of every SECRET_KEYS member replaced.
# The CLI prints one member per line, so a line-wise edit finds each whole string.
without_secrets() {
    sed -E 's/("('"$SECRET_KEYS"')": )"([^"\\]|\\.)*"/\1"(removed by export-aws.sh)"/g' "$1" >"$2"
}

# save FILE SERVICE OPERATION [ARGS...]: run the call, write its JSON verbatim
# (secrets removed) to OUT_DIR/FILE. Returns 1 (after a warning) when the call fails.
save() {
    local file=$1
    shift
    if ! aws "${AWS_GLOBAL[@]}" --output json "$@" >"$WORK/out" 2>"$ERR"; then
        call_failed "$*"
        return 1
    fi
    if [[ ! -s "$WORK/out" ]]; then
        printf 'empty output\n' >"$ERR"
        call_failed "$*"
        return 1
    fi
    if grep -Eq '"('"$SECRET_KEYS"')": ' "$WORK/out"; then
        without_secrets "$WORK/out" "$WORK/clean" || {
            printf 'cannot remove the secrets from the output\n' >"$ERR"
            call_failed "$*"
            return 1
        }
        mv "$WORK/clean" "$WORK/out"
    fi
    mv "$WORK/out" "$OUT_DIR/$file"
    WRITTEN=$((WRITTEN + 1))
    note "  $file"
}

# save_wrapped FILE CONTEXT_KEY CONTEXT_VALUE SERVICE OPERATION [ARGS...]: like
# save, but wraps the output in Reach's context document:
#   {"ReachExport": {"Version": 1, "Command", "Region", "AccountId", CONTEXT_KEY}, "Output": <verbatim>}
save_wrapped() {
    local file=$1 key=$2 value=$3
    shift 3
    if ! aws "${AWS_GLOBAL[@]}" --output json "$@" >"$WORK/out" 2>"$ERR"; then
        call_failed "$*"
        return 1
    fi
    if [[ ! -s "$WORK/out" ]]; then
        printf 'empty output\n' >"$ERR"
        call_failed "$*"
        return 1
    fi
    {
        printf '{\n  "ReachExport": {\n'
        printf '    "Version": 1,\n'
        printf '    "Command": %s,\n' "$(json_string "aws $*")"
        printf '    "Region": %s,\n' "$(json_string "$REGION")"
        printf '    "AccountId": %s,\n' "$(json_string "$ACCOUNT")"
        printf '    %s: %s\n' "$(json_string "$key")" "$(json_string "$value")"
        printf '  },\n  "Output": '
        cat "$WORK/out"
        printf '}\n'
    } >"$WORK/wrapped"
    mv "$WORK/wrapped" "$OUT_DIR/$file"
    WRITTEN=$((WRITTEN + 1))
    note "  $file"
}

# ids QUERY SERVICE OPERATION [ARGS...]: run the call with --query QUERY
# --output text and put the resulting words in the array IDS ("None" dropped).
# Returns 1 (after a warning) when the call fails.
IDS=()
ids() {
    local query=$1 out word
    local -a words=()
    shift
    IDS=()
    if ! out=$(aws "${AWS_GLOBAL[@]}" --output text --query "$query" "$@" 2>"$ERR"); then
        call_failed "$* --query $query"
        return 1
    fi
    # Text output separates values with tabs and (per page) newlines.
    read -r -d '' -a words <<<"$out" || true
    for word in ${words[@]+"${words[@]}"}; do
        if [[ "$word" != None ]]; then
            IDS+=("$word")
        fi
    done
}

# arn_name ARN: the last /-separated part of an ARN's resource
# (firewall/NAME, firewall-policy/NAME, stateful-rulegroup/NAME, ...).
arn_name() {
    printf '%s' "${1##*/}"
}

# contains NEEDLE ITEMS...: whether NEEDLE is one of ITEMS.
contains() {
    local needle=$1 item
    shift
    for item in "$@"; do
        [[ "$item" == "$needle" ]] && return 0
    done
    return 1
}

# ---------------------------------------------------------------- ec2
note "ec2:"
if ! aws "${AWS_GLOBAL[@]}" --output json ec2 describe-vpcs >"$WORK/out" 2>"$ERR"; then
    cat "$ERR" >&2
    die "'aws ec2 describe-vpcs' failed in $REGION, so there is nothing to analyse; check the region, your credentials and the ec2:Describe* permissions"
fi
mv "$WORK/out" "$OUT_DIR/describe-vpcs.json"
WRITTEN=$((WRITTEN + 1))
note "  describe-vpcs.json"

EC2_CALLS=(
    describe-subnets
    describe-route-tables
    describe-security-groups
    describe-security-group-rules
    describe-network-acls
    describe-network-interfaces
    describe-instances
    describe-internet-gateways
    describe-egress-only-internet-gateways
    describe-nat-gateways
    describe-addresses
    describe-vpc-endpoints
    describe-vpc-endpoint-services
    describe-vpc-endpoint-service-configurations
    describe-vpc-endpoint-connections
    describe-vpc-peering-connections
    describe-managed-prefix-lists
    describe-prefix-lists
    describe-transit-gateways
    describe-transit-gateway-attachments
    describe-transit-gateway-vpc-attachments
    describe-transit-gateway-peering-attachments
    describe-transit-gateway-route-tables
    describe-vpn-gateways
    describe-vpn-connections
)
EC2_OK=()
for op in "${EC2_CALLS[@]}"; do
    if save "$op.json" ec2 "$op"; then
        EC2_OK+=("$op")
    fi
done

# Entries of every managed prefix list (customer and AWS-managed).
if contains describe-managed-prefix-lists ${EC2_OK[@]+"${EC2_OK[@]}"} &&
    ids 'PrefixLists[].PrefixListId' ec2 describe-managed-prefix-lists; then
    if ((${#IDS[@]} == 0)); then
        note "  (no managed prefix lists; skipping get-managed-prefix-list-entries)"
    fi
    for pl in ${IDS[@]+"${IDS[@]}"}; do
        save_wrapped "get-managed-prefix-list-entries.$pl.json" PrefixListId "$pl" \
            ec2 get-managed-prefix-list-entries --prefix-list-id "$pl" || true
    done
else
    note "  (managed prefix lists unavailable; skipping get-managed-prefix-list-entries)"
fi

# Routes, associations and propagations of every transit gateway route table.
if contains describe-transit-gateway-route-tables ${EC2_OK[@]+"${EC2_OK[@]}"} &&
    ids 'TransitGatewayRouteTables[].TransitGatewayRouteTableId' ec2 describe-transit-gateway-route-tables; then
    if ((${#IDS[@]} == 0)); then
        note "  (no transit gateway route tables; skipping search-transit-gateway-routes and route table associations/propagations)"
    fi
    for rtb in ${IDS[@]+"${IDS[@]}"}; do
        save_wrapped "search-transit-gateway-routes.$rtb.json" TransitGatewayRouteTableId "$rtb" \
            ec2 search-transit-gateway-routes --transit-gateway-route-table-id "$rtb" \
            --filters Name=state,Values=active,blackhole || true
        save_wrapped "get-transit-gateway-route-table-associations.$rtb.json" TransitGatewayRouteTableId "$rtb" \
            ec2 get-transit-gateway-route-table-associations --transit-gateway-route-table-id "$rtb" || true
        save_wrapped "get-transit-gateway-route-table-propagations.$rtb.json" TransitGatewayRouteTableId "$rtb" \
            ec2 get-transit-gateway-route-table-propagations --transit-gateway-route-table-id "$rtb" || true
    done
else
    note "  (transit gateway route tables unavailable; skipping their routes, associations and propagations)"
fi

# ---------------------------------------------------------------- direct connect
# The virtual interfaces behind virtual private gateways and Direct Connect gateways.
note "directconnect:"
save describe-virtual-interfaces.json directconnect describe-virtual-interfaces || true

# ---------------------------------------------------------------- network firewall
note "network-firewall:"
if save list-firewalls.json network-firewall list-firewalls &&
    ids 'Firewalls[].FirewallArn' network-firewall list-firewalls; then
    FIREWALLS=(${IDS[@]+"${IDS[@]}"})
    POLICIES=()
    if ((${#FIREWALLS[@]} == 0)); then
        note "  (no firewalls in $REGION; skipping describe-firewall, describe-firewall-policy, describe-rule-group)"
    fi
    for fw in ${FIREWALLS[@]+"${FIREWALLS[@]}"}; do
        if save "describe-firewall.$(arn_name "$fw").json" network-firewall describe-firewall --firewall-arn "$fw" &&
            ids 'Firewall.FirewallPolicyArn' network-firewall describe-firewall --firewall-arn "$fw"; then
            for policy in ${IDS[@]+"${IDS[@]}"}; do
                contains "$policy" ${POLICIES[@]+"${POLICIES[@]}"} || POLICIES+=("$policy")
            done
        fi
    done

    # Endpoints the firewalls placed in other VPCs (VPC endpoint associations): routes to
    # them lead to the firewall, and only the describe call says which firewall.
    if ((${#FIREWALLS[@]} > 0)) &&
        ids 'VpcEndpointAssociations[].VpcEndpointAssociationArn' network-firewall list-vpc-endpoint-associations; then
        for association in ${IDS[@]+"${IDS[@]}"}; do
            save "describe-vpc-endpoint-association.$(arn_name "$association").json" \
                network-firewall describe-vpc-endpoint-association --vpc-endpoint-association-arn "$association" || true
        done
    fi

    RULE_GROUPS=()
    TLS_CONFIGS=()
    for policy in ${POLICIES[@]+"${POLICIES[@]}"}; do
        save "describe-firewall-policy.$(arn_name "$policy").json" \
            network-firewall describe-firewall-policy --firewall-policy-arn "$policy" || continue
        for query in 'FirewallPolicy.StatelessRuleGroupReferences[].ResourceArn' \
            'FirewallPolicy.StatefulRuleGroupReferences[].ResourceArn'; do
            if ids "$query" network-firewall describe-firewall-policy --firewall-policy-arn "$policy"; then
                for group in ${IDS[@]+"${IDS[@]}"}; do
                    contains "$group" ${RULE_GROUPS[@]+"${RULE_GROUPS[@]}"} || RULE_GROUPS+=("$group")
                done
            fi
        done
        if ids 'FirewallPolicy.TLSInspectionConfigurationArn' \
            network-firewall describe-firewall-policy --firewall-policy-arn "$policy"; then
            for tls in ${IDS[@]+"${IDS[@]}"}; do
                contains "$tls" ${TLS_CONFIGS[@]+"${TLS_CONFIGS[@]}"} || TLS_CONFIGS+=("$tls")
            done
        fi
    done

    RULE_GROUP_FILES=()
    for group in ${RULE_GROUPS[@]+"${RULE_GROUPS[@]}"}; do
        name=$(arn_name "$group")
        # A stateless and a stateful group may share a name: keep both files.
        if contains "$name" ${RULE_GROUP_FILES[@]+"${RULE_GROUP_FILES[@]}"}; then
            kind=${group##*:}
            name="$name.${kind%%/*}"
        fi
        RULE_GROUP_FILES+=("$name")
        save "describe-rule-group.$name.json" \
            network-firewall describe-rule-group --rule-group-arn "$group" || true
    done
    for tls in ${TLS_CONFIGS[@]+"${TLS_CONFIGS[@]}"}; do
        save "describe-tls-inspection-configuration.$(arn_name "$tls").json" \
            network-firewall describe-tls-inspection-configuration --tls-inspection-configuration-arn "$tls" || true
    done
else
    note "  (firewall list unavailable; skipping the per-firewall calls)"
fi

# ---------------------------------------------------------------- elastic load balancing v2
note "elbv2:"
if save describe-load-balancers.json elbv2 describe-load-balancers &&
    ids 'LoadBalancers[].LoadBalancerArn' elbv2 describe-load-balancers; then
    LOAD_BALANCERS=(${IDS[@]+"${IDS[@]}"})
    if ((${#LOAD_BALANCERS[@]} == 0)); then
        note "  (no load balancers in $REGION; skipping describe-load-balancer-attributes, describe-listeners and describe-rules)"
    fi
    for lb in ${LOAD_BALANCERS[@]+"${LOAD_BALANCERS[@]}"}; do
        # arn:...:loadbalancer/<app|net|gwy>/<name>/<id>
        IFS=/ read -r lb_type lb_name _ <<<"${lb#*:loadbalancer/}"
        # Cross-zone load balancing is an attribute; the output does not name its load balancer.
        save_wrapped "describe-load-balancer-attributes.$lb_name.json" LoadBalancerArn "$lb" \
            elbv2 describe-load-balancer-attributes --load-balancer-arn "$lb" || true
        save "describe-listeners.$lb_name.json" elbv2 describe-listeners --load-balancer-arn "$lb" || continue
        ids 'Listeners[].ListenerArn' elbv2 describe-listeners --load-balancer-arn "$lb" || continue
        if [[ "$lb_type" == gwy ]]; then
            # Gateway Load Balancer listeners have no rules (DescribeRules answers ListenerNotFound).
            ((${#IDS[@]} == 0)) || note "  (gateway load balancer $lb_name: listeners have no rules; skipping describe-rules)"
            continue
        fi
        for listener in ${IDS[@]+"${IDS[@]}"}; do
            save "describe-rules.$lb_name.${listener##*/}.json" \
                elbv2 describe-rules --listener-arn "$listener" || true
        done
    done
else
    note "  (load balancer list unavailable; skipping describe-load-balancer-attributes, describe-listeners and describe-rules)"
fi

if save describe-target-groups.json elbv2 describe-target-groups &&
    ids 'TargetGroups[].TargetGroupArn' elbv2 describe-target-groups; then
    if ((${#IDS[@]} == 0)); then
        note "  (no target groups in $REGION; skipping describe-target-health and describe-target-group-attributes)"
    fi
    for tg in ${IDS[@]+"${IDS[@]}"}; do
        # arn:...:targetgroup/<name>/<id>
        IFS=/ read -r tg_name _ <<<"${tg#*:targetgroup/}"
        save_wrapped "describe-target-health.$tg_name.json" TargetGroupArn "$tg" \
            elbv2 describe-target-health --target-group-arn "$tg" || true
        # Cross-zone load balancing and client IP preservation are target group attributes.
        save_wrapped "describe-target-group-attributes.$tg_name.json" TargetGroupArn "$tg" \
            elbv2 describe-target-group-attributes --target-group-arn "$tg" || true
    done
else
    note "  (target group list unavailable; skipping describe-target-health and describe-target-group-attributes)"
fi

# ---------------------------------------------------------------- summary
echo
echo "Wrote $WRITTEN files to $OUT_DIR"
if ((${#SKIPPED[@]} > 0)); then
    echo "Skipped ${#SKIPPED[@]} call(s) (not permitted or not available in $REGION):"
    printf '  aws %s\n' "${SKIPPED[@]}"
fi
if ((${#FAILED[@]} > 0)); then
    echo "FAILED ${#FAILED[@]} call(s); the export is incomplete:"
    printf '  aws %s\n' "${FAILED[@]}"
fi
echo
echo "Analyse it with:"
printf '  reach inventory %q\n' "$OUT_DIR"

if ((${#FAILED[@]} > 0)); then
    exit 3
fi
