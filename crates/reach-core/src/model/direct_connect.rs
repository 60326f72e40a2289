//! Direct Connect: the virtual interfaces that join a data centre to a virtual private gateway
//! or a Direct Connect gateway.

use super::Origin;
use crate::ids::*;
use ipnet::IpNet;

/// A Direct Connect virtual interface (`aws directconnect describe-virtual-interfaces`).
#[derive(Clone, Debug)]
pub struct VirtualInterface {
    /// Its id.
    pub id: VirtualInterfaceId,
    /// Its name (`virtualInterfaceName`), else its `Name` tag.
    pub name: Option<String>,
    /// `private`, `public` or `transit`.
    pub interface_type: Option<String>,
    /// `available`, `down`, `deleted`, … as AWS says.
    pub state: Option<String>,
    /// The virtual private gateway it is attached to, if any.
    pub vpn_gateway: Option<VpnGatewayId>,
    /// The Direct Connect gateway it is attached to, if any.
    pub direct_connect_gateway: Option<String>,
    /// The prefixes it advertises (`routeFilterPrefixes`); a private interface learns its
    /// routes over BGP instead, which no export holds.
    pub route_filter_prefixes: Vec<IpNet>,
    /// Whether any of its BGP sessions is up; `None` when no session has a status.
    pub bgp_up: Option<bool>,
    /// Where it came from.
    pub origin: Origin,
}

impl VirtualInterface {
    /// Whether traffic can cross it now: `available`, and no BGP session known to be down
    /// while none is up.
    pub fn carries_traffic(&self) -> bool {
        self.state.as_deref() == Some("available") && self.bgp_up != Some(false)
    }
}
