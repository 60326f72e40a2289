//! `load`: files in, model and diagnostics out.

use crate::collect::Collected;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Snapshot, TransitGatewayAttachmentResourceType};
use reach_aws::{DocumentKind, Error, Ignored, InputFile};

/// Everything Reach learnt from its input.
#[derive(Clone, Debug, Default)]
pub struct Load {
    /// The model.
    pub snapshot: Snapshot,
    /// What the input refers to but does not contain (with the call that exports it), and
    /// resources described differently by two files.
    pub diagnostics: Vec<Diagnostic>,
    /// What could not be read: broken files, values of the wrong type or form.
    pub errors: Vec<Error>,
    /// Documents read but not modelled.
    pub ignored: Vec<Ignored>,
    /// What each file held.
    pub files: Vec<FileSummary>,
}

/// What one input file held.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSummary {
    /// The file's name.
    pub name: String,
    /// The documents recognised in it, with how many resources each held.
    pub documents: Vec<(DocumentKind, usize)>,
    /// How many errors it produced.
    pub errors: usize,
    /// How many of its documents were ignored.
    pub ignored: usize,
}

/// Reads every file, merges what they describe, and builds the model. Never fails: what
/// cannot be read becomes an error, what is missing a diagnostic, and the rest is kept.
pub fn load(files: &[InputFile]) -> Load {
    load_with_progress(files, &mut |_| {})
}

/// [`load`], calling `read_so_far` with the number of files read so far after each one: reading is
/// most of the work, so a caller on another thread can show how far a large import has got.
pub fn load_with_progress(files: &[InputFile], read_so_far: &mut dyn FnMut(usize)) -> Load {
    let mut diagnostics = Diagnostics::default();
    let mut collected = Collected::new();
    let mut errors = Vec::new();
    let mut ignored = Vec::new();
    let mut summaries = Vec::with_capacity(files.len());
    for file in files {
        let read = reach_aws::read(file);
        summaries.push(FileSummary {
            name: file.name.clone(),
            documents: read
                .documents
                .iter()
                .map(|located| (located.document.kind(), located.document.len()))
                .collect(),
            errors: read.errors.len(),
            ignored: read.ignored.len(),
        });
        errors.extend(read.errors);
        ignored.extend(read.ignored);
        for located in read.documents {
            collected.add(located, &mut diagnostics);
        }
        read_so_far(summaries.len());
    }
    let snapshot = crate::lower::lower(&collected, &mut errors, &mut diagnostics);
    expected_outputs(&collected, &snapshot, &mut diagnostics);
    Load {
        snapshot,
        diagnostics: diagnostics.finish(),
        errors,
        ignored,
        files: summaries,
    }
}

/// Calls whose output is missing altogether. Reach cannot tell "none exist" from "not
/// exported" by itself, so it says which outputs it did not see: the list calls
/// `scripts/export-aws.sh` always makes. Only checked once a whole
/// output of some call was read: a single pasted fragment expects nothing else.
fn expected_outputs(collected: &Collected, snapshot: &Snapshot, diagnostics: &mut Diagnostics) {
    use DocumentKind::*;
    if collected.whole_outputs.is_empty() {
        return;
    }
    let mut expected = vec![
        (DescribeVpcs, "VPCs"),
        (DescribeSubnets, "subnets"),
        (DescribeRouteTables, "route tables"),
        (DescribeSecurityGroups, "security groups"),
        (DescribeNetworkAcls, "network ACLs"),
        (DescribeNetworkInterfaces, "network interfaces"),
        (DescribeInstances, "instances"),
        (DescribeInternetGateways, "internet gateways"),
        (
            DescribeEgressOnlyInternetGateways,
            "egress-only internet gateways",
        ),
        (DescribeNatGateways, "NAT gateways"),
        (DescribeAddresses, "Elastic IP addresses"),
        (DescribeVpcEndpoints, "VPC endpoints"),
        (DescribeVpcPeeringConnections, "VPC peering connections"),
        (DescribeManagedPrefixLists, "managed prefix lists"),
        (DescribePrefixLists, "AWS service prefix lists"),
        (DescribeTransitGateways, "transit gateways"),
        (DescribeVpnGateways, "virtual private gateways"),
        (ListFirewalls, "firewalls"),
        (DescribeLoadBalancers, "load balancers"),
        (DescribeTargetGroups, "target groups"),
    ];
    expected.extend([
        (
            DescribeTransitGatewayAttachments,
            "transit gateway attachments",
        ),
        (
            DescribeTransitGatewayVpcAttachments,
            "transit gateway VPC attachments",
        ),
        (
            DescribeTransitGatewayPeeringAttachments,
            "transit gateway peering attachments",
        ),
        (
            DescribeTransitGatewayRouteTables,
            "transit gateway route tables",
        ),
        (DescribeVpcEndpointServices, "endpoint services"),
    ]);
    if !snapshot.security_groups.is_empty() {
        expected.push((
            DescribeSecurityGroupRules,
            "security group rule ids (sgr-…)",
        ));
    }
    // What lies behind a virtual private gateway or a transit gateway's VPN and Direct Connect
    // attachments decides where their traffic goes: expected once there is such a gateway.
    let attached = |kind: TransitGatewayAttachmentResourceType| {
        snapshot
            .transit_gateway_attachments
            .values()
            .any(|attachment| attachment.resource_type.as_ref() == Some(&kind))
    };
    if !snapshot.vpn_gateways.is_empty() || attached(TransitGatewayAttachmentResourceType::Vpn) {
        expected.push((DescribeVpnConnections, "VPN connections"));
    }
    if !snapshot.vpn_gateways.is_empty()
        || attached(TransitGatewayAttachmentResourceType::DirectConnectGateway)
    {
        expected.push((
            DescribeVirtualInterfaces,
            "Direct Connect virtual interfaces",
        ));
    }
    for (kind, what) in expected {
        if !collected.whole_outputs.contains(&kind) {
            diagnostics.missing(
                kind.operation(),
                format!(
                    "no {} output in the input: Reach cannot tell whether {what} are missing or none exist",
                    kind.operation()
                ),
                kind.command(),
            );
        }
    }
}
