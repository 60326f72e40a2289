//! ICMP and ICMPv6 in the header space.
//!
//! ICMP has no ports, but what security groups and network ACLs match it on, its type and
//! code, fits the port dimensions exactly: a cube of protocol 1 or 58 uses them this way, so
//! intersection, difference and reversal stay the same for every protocol.
//!
//! - The destination-port dimension holds the message's own type and code, as
//!   `type * 256 + code` (0 to 65,535, the range of a port). Rules narrow only this one.
//! - The source-port dimension holds its counterpart's, the same way: for a request, the reply
//!   it expects; for a reply, the request it answers. Only a question sets it; rules leave it
//!   whole.
//!
//! Reversing a space swaps the two dimensions as it swaps ports, so the replies to echo
//! requests (type 8 code 0, expecting type 0 code 0) are echo replies (type 0 code 0, answering
//! type 8 code 0) without a special case in [`crate::Cube::reversed`], and reversing twice
//! gives the requests back. A message nothing answers (an error such as destination
//! unreachable) has no counterpart: the walk sends no replies for it.

use crate::IntervalSet;

/// ICMP's IP protocol number.
pub const ICMP: u8 = 1;
/// ICMPv6's IP protocol number.
pub const ICMPV6: u8 = 58;

/// Whether an IP protocol is ICMP or ICMPv6, whose port dimensions hold types and codes.
pub fn is_icmp(protocol: u8) -> bool {
    protocol == ICMP || protocol == ICMPV6
}

/// ICMP and ICMPv6, as a set of protocol numbers.
pub fn icmp_protocols() -> IntervalSet {
    IntervalSet::from_ranges([(u128::from(ICMP), u128::from(ICMP)), (58, 58)])
}

/// One type and code as a value of a port dimension.
pub fn type_code(icmp_type: u8, code: u8) -> u128 {
    u128::from(icmp_type) * 256 + u128::from(code)
}

/// The values a rule's type and code match; `None` is any (AWS's `-1`). Any type means any
/// code too: AWS takes no code without a type.
pub fn type_codes(icmp_type: Option<u8>, code: Option<u8>) -> IntervalSet {
    match (icmp_type, code) {
        (None, _) => IntervalSet::range(0, type_code(u8::MAX, u8::MAX)),
        (Some(icmp_type), None) => {
            IntervalSet::range(type_code(icmp_type, 0), type_code(icmp_type, u8::MAX))
        }
        (Some(icmp_type), Some(code)) => IntervalSet::single(type_code(icmp_type, code)),
    }
}

/// The type of the reply a request of this type gets, or `None` when nothing answers it: the
/// query messages connection tracking pairs (RFC 792 and RFC 4443 echo, RFC 792 timestamp and
/// information, RFC 950 address mask, RFC 4620 node information), as security groups let
/// their replies back.
pub fn reply_type(protocol: u8, request_type: u8) -> Option<u8> {
    match (protocol, request_type) {
        (ICMP, 8) => Some(0),
        (ICMP, 13) => Some(14),
        (ICMP, 15) => Some(16),
        (ICMP, 17) => Some(18),
        (ICMPV6, 128) => Some(129),
        (ICMPV6, 139) => Some(140),
        _ => None,
    }
}

/// The name of a common message type, for summaries.
pub fn type_name(protocol: u8, icmp_type: u8) -> Option<&'static str> {
    let name = match (protocol, icmp_type) {
        (ICMP, 0) | (ICMPV6, 129) => "echo reply",
        (ICMP, 3) | (ICMPV6, 1) => "destination unreachable",
        (ICMP, 8) | (ICMPV6, 128) => "echo request",
        (ICMP, 11) | (ICMPV6, 3) => "time exceeded",
        (ICMP, 12) | (ICMPV6, 4) => "parameter problem",
        (ICMP, 13) => "timestamp",
        (ICMP, 14) => "timestamp reply",
        (ICMPV6, 2) => "packet too big",
        _ => return None,
    };
    Some(name)
}

/// A set of type-and-code values as AWS's `IcmpTypeCode` pairs, `None` for `-1` (any): every
/// type as `(None, None)`, a whole type as `(Some(type), None)`, else one pair per code.
pub fn pairs(set: &IntervalSet) -> Vec<(Option<u8>, Option<u8>)> {
    if set.is_superset(&type_codes(None, None)) {
        return vec![(None, None)];
    }
    let mut out = Vec::new();
    for icmp_type in 0..=u8::MAX {
        let whole = type_codes(Some(icmp_type), None);
        let here = set.intersection(&whole);
        if here.is_empty() {
            continue;
        }
        if here == whole {
            out.push((Some(icmp_type), None));
            continue;
        }
        for &(low, high) in here.ranges() {
            for value in low..=high {
                out.push((Some(icmp_type), u8::try_from(value % 256).ok()));
            }
        }
    }
    out
}

/// A set of type-and-code values in words: `type 8 code 0`, `type 3 any code`,
/// `types 3-5 any code`, `any type`.
pub fn describe(set: &IntervalSet) -> String {
    let all = type_codes(None, None);
    if set.is_superset(&all) {
        return "any type".to_owned();
    }
    if set.is_empty() {
        return "no type".to_owned();
    }
    // (first type, last type, codes): runs of whole types merge into one piece.
    let mut pieces: Vec<(u128, u128, (u128, u128))> = Vec::new();
    for &(low, high) in set.ranges() {
        let high = high.min(type_code(u8::MAX, u8::MAX));
        if low > high {
            continue;
        }
        for icmp_type in low / 256..=high / 256 {
            let first = if icmp_type == low / 256 { low % 256 } else { 0 };
            let last = if icmp_type == high / 256 {
                high % 256
            } else {
                255
            };
            match pieces.last_mut() {
                Some((_, previous, codes))
                    if *codes == (0, 255)
                        && (first, last) == (0, 255)
                        && *previous + 1 == icmp_type =>
                {
                    *previous = icmp_type;
                }
                _ => pieces.push((icmp_type, icmp_type, (first, last))),
            }
        }
    }
    pieces
        .iter()
        .map(|&(first, last, codes)| {
            let types = if first == last {
                format!("type {first}")
            } else {
                format!("types {first}-{last}")
            };
            let codes = match codes {
                (0, 255) => "any code".to_owned(),
                (from, to) if from == to => format!("code {from}"),
                (from, to) => format!("codes {from}-{to}"),
            };
            format!("{types} {codes}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_and_code_fill_exactly_the_port_range() {
        assert_eq!(type_code(0, 0), 0);
        assert_eq!(type_code(8, 0), 2048);
        assert_eq!(type_code(255, 255), 65_535);
        assert_eq!(type_codes(None, Some(0)).ranges(), &[(0, 65_535)]);
        assert_eq!(type_codes(Some(8), None).ranges(), &[(2048, 2303)]);
        assert_eq!(type_codes(Some(8), Some(0)).ranges(), &[(2048, 2048)]);
    }

    #[test]
    fn queries_have_replies_and_errors_do_not() {
        assert_eq!(reply_type(ICMP, 8), Some(0));
        assert_eq!(reply_type(ICMPV6, 128), Some(129));
        // An ICMPv4 echo request's number means something else in ICMPv6, and the reverse.
        assert_eq!(reply_type(ICMPV6, 8), None);
        assert_eq!(reply_type(ICMP, 128), None);
        assert_eq!(reply_type(ICMP, 3), None);
        assert_eq!(reply_type(ICMP, 0), None);
    }

    #[test]
    fn sets_as_aws_pairs() {
        let show = |ranges: &[(u128, u128)]| pairs(&IntervalSet::from_ranges(ranges.to_vec()));
        assert_eq!(show(&[(2048, 2048)]), [(Some(8), Some(0))]);
        assert_eq!(show(&[(0, 65_535)]), [(None, None)]);
        assert_eq!(
            show(&[(768, 1025)]),
            [(Some(3), None), (Some(4), Some(0)), (Some(4), Some(1))]
        );
        assert!(show(&[]).is_empty());
    }

    #[test]
    fn sets_in_words() {
        let show = |ranges: &[(u128, u128)]| describe(&IntervalSet::from_ranges(ranges.to_vec()));
        assert_eq!(show(&[(2048, 2048)]), "type 8 code 0");
        assert_eq!(show(&[(768, 1023)]), "type 3 any code");
        assert_eq!(show(&[(768, 771)]), "type 3 codes 0-3");
        assert_eq!(show(&[(768, 1535)]), "types 3-5 any code");
        assert_eq!(
            show(&[(0, 0), (2048, 2048)]),
            "type 0 code 0, type 8 code 0"
        );
        assert_eq!(show(&[(0, 65_535)]), "any type");
        // A range that ends inside a type: the whole types, then the part.
        assert_eq!(show(&[(768, 1025)]), "type 3 any code, type 4 codes 0-1");
    }
}
