use serde::Deserialize;

/// `aws directconnect describe-virtual-interfaces` → `virtualInterfaces[]`: Direct Connect
/// virtual interfaces, attached to a virtual private gateway (`virtualGatewayId`) or a Direct
/// Connect gateway (`directConnectGatewayId`).
///
/// The BGP authentication keys (`authKey`, and the router configuration that repeats them) are
/// secrets Reach never needs (`scripts/export-aws.sh` removes them), so they are not fields.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VirtualInterface {
    pub virtual_interface_id: String,
    pub virtual_interface_name: Option<String>,
    /// `private`, `public` or `transit`.
    pub virtual_interface_type: Option<String>,
    /// `confirming`, `verifying`, `pending`, `available`, `down`, `testing`, `deleting`,
    /// `deleted`, `rejected`, `unknown`.
    pub virtual_interface_state: Option<String>,
    pub owner_account: Option<String>,
    pub region: Option<String>,
    pub connection_id: Option<String>,
    pub virtual_gateway_id: Option<String>,
    pub direct_connect_gateway_id: Option<String>,
    /// `ipv4` or `ipv6`.
    pub address_family: Option<String>,
    pub amazon_address: Option<String>,
    pub customer_address: Option<String>,
    #[serde(default)]
    pub route_filter_prefixes: Vec<RouteFilterPrefix>,
    #[serde(default)]
    pub bgp_peers: Vec<BgpPeer>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// `routeFilterPrefixes[]`: a prefix the interface advertises (public virtual interfaces).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteFilterPrefix {
    pub cidr: Option<String>,
}

/// `bgpPeers[]`: one BGP session of the interface.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BgpPeer {
    pub bgp_peer_id: Option<String>,
    /// `ipv4` or `ipv6`.
    pub address_family: Option<String>,
    /// `verifying`, `pending`, `available`, `deleting`, `deleted`.
    pub bgp_peer_state: Option<String>,
    /// `up`, `down` or `unknown`.
    pub bgp_status: Option<String>,
}

/// A Direct Connect tag: `key`/`value`, lowercase unlike EC2's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Tag {
    pub key: String,
    #[serde(default)]
    pub value: Option<String>,
}

/// The value of the `Name` tag, if any.
pub fn name_tag(tags: &[Tag]) -> Option<&str> {
    tags.iter()
        .find(|tag| tag.key == "Name")
        .and_then(|tag| tag.value.as_deref())
}
