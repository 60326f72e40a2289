//! Sets of integers as sorted, disjoint, non-adjacent inclusive ranges: the building block of
//! header spaces (addresses, ports, protocol numbers).

use std::fmt;

/// A set of `u128` values within `0..=max` of its dimension, as sorted, disjoint,
/// non-adjacent inclusive ranges. Every operation keeps that normal form, so two equal sets
/// have equal representations.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct IntervalSet {
    ranges: Vec<(u128, u128)>,
}

impl IntervalSet {
    /// The empty set.
    pub fn empty() -> IntervalSet {
        IntervalSet { ranges: Vec::new() }
    }

    /// `low..=high`; empty when `low > high`.
    pub fn range(low: u128, high: u128) -> IntervalSet {
        if low > high {
            return IntervalSet::empty();
        }
        IntervalSet {
            ranges: vec![(low, high)],
        }
    }

    /// One value.
    pub fn single(value: u128) -> IntervalSet {
        IntervalSet::range(value, value)
    }

    /// Builds a set from ranges in any order, overlapping or not.
    pub fn from_ranges(ranges: impl IntoIterator<Item = (u128, u128)>) -> IntervalSet {
        let mut ranges: Vec<(u128, u128)> = ranges
            .into_iter()
            .filter(|(low, high)| low <= high)
            .collect();
        ranges.sort_unstable();
        let mut merged: Vec<(u128, u128)> = Vec::with_capacity(ranges.len());
        for (low, high) in ranges {
            match merged.last_mut() {
                // Overlapping or adjacent (`high + 1 == low`) ranges join.
                Some(last) if low <= last.1.saturating_add(1) => last.1 = last.1.max(high),
                _ => merged.push((low, high)),
            }
        }
        IntervalSet { ranges: merged }
    }

    /// The ranges, sorted, disjoint and non-adjacent.
    pub fn ranges(&self) -> &[(u128, u128)] {
        &self.ranges
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Whether `value` is in the set.
    pub fn contains(&self, value: u128) -> bool {
        let index = self.ranges.partition_point(|(_, high)| *high < value);
        self.ranges.get(index).is_some_and(|(low, _)| *low <= value)
    }

    /// Whether every value of `other` is in `self`.
    pub fn is_superset(&self, other: &IntervalSet) -> bool {
        other.difference(self).is_empty()
    }

    /// The smallest value, if any.
    pub fn first(&self) -> Option<u128> {
        self.ranges.first().map(|(low, _)| *low)
    }

    /// `self ∪ other`.
    pub fn union(&self, other: &IntervalSet) -> IntervalSet {
        IntervalSet::from_ranges(self.ranges.iter().chain(&other.ranges).copied())
    }

    /// `self ∩ other`, by a merge of both sorted range lists.
    pub fn intersection(&self, other: &IntervalSet) -> IntervalSet {
        let mut out = Vec::new();
        let (mut left, mut right) = (0, 0);
        while left < self.ranges.len() && right < other.ranges.len() {
            let (a_low, a_high) = self.ranges[left];
            let (b_low, b_high) = other.ranges[right];
            let low = a_low.max(b_low);
            let high = a_high.min(b_high);
            if low <= high {
                out.push((low, high));
            }
            if a_high < b_high {
                left += 1;
            } else {
                right += 1;
            }
        }
        IntervalSet { ranges: out }
    }

    /// `self ∖ other`.
    pub fn difference(&self, other: &IntervalSet) -> IntervalSet {
        let mut out = Vec::new();
        let mut right = 0;
        for &(low, high) in &self.ranges {
            let mut low = low;
            let mut done = false;
            while right < other.ranges.len() && other.ranges[right].1 < low {
                right += 1;
            }
            let mut cursor = right;
            while cursor < other.ranges.len() && other.ranges[cursor].0 <= high {
                let (cut_low, cut_high) = other.ranges[cursor];
                if cut_low > low {
                    out.push((low, cut_low - 1));
                }
                if cut_high >= high {
                    done = true;
                    break;
                }
                low = cut_high + 1;
                cursor += 1;
            }
            if !done {
                out.push((low, high));
            }
        }
        IntervalSet { ranges: out }
    }

    /// The ranges as people write them: `22, 443, 8080-8081`.
    pub fn to_range_list(&self) -> String {
        let parts: Vec<String> = self
            .ranges
            .iter()
            .map(|(low, high)| {
                if low == high {
                    low.to_string()
                } else {
                    format!("{low}-{high}")
                }
            })
            .collect();
        parts.join(", ")
    }

    /// How many values the set holds (saturating at `u128::MAX`).
    pub fn count(&self) -> u128 {
        self.ranges.iter().fold(0u128, |total, (low, high)| {
            total.saturating_add(high - low).saturating_add(1)
        })
    }
}

impl fmt::Debug for IntervalSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{{}}}", self.to_range_list())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    fn set(ranges: &[(u128, u128)]) -> IntervalSet {
        IntervalSet::from_ranges(ranges.iter().copied())
    }

    #[test]
    fn normal_form_joins_overlapping_and_adjacent_ranges() {
        assert_eq!(
            set(&[(5, 9), (1, 3), (4, 4), (20, 30), (25, 26)]).ranges(),
            &[(1, 9), (20, 30)]
        );
        assert_eq!(set(&[(3, 1)]), IntervalSet::empty());
        assert_eq!(set(&[(0, u128::MAX), (7, 8)]).ranges(), &[(0, u128::MAX)]);
    }

    #[test]
    fn edges_of_a_port_range() {
        let http = IntervalSet::single(80);
        for (port, inside) in [(79, false), (80, true), (81, false)] {
            assert_eq!(http.contains(port), inside, "{port}");
        }
        let ephemeral = IntervalSet::range(1024, 65535);
        assert!(!ephemeral.contains(1023) && ephemeral.contains(1024) && ephemeral.contains(65535));
        assert_eq!(
            IntervalSet::range(0, 65535).difference(&http).ranges(),
            &[(0, 79), (81, 65535)]
        );
        assert_eq!(
            IntervalSet::range(0, 65535).difference(&http).count(),
            65535
        );
    }

    #[test]
    fn difference_at_the_extremes_does_not_overflow() {
        let all = IntervalSet::range(0, u128::MAX);
        assert_eq!(
            all.difference(&IntervalSet::single(0)).ranges(),
            &[(1, u128::MAX)]
        );
        assert_eq!(
            all.difference(&IntervalSet::single(u128::MAX)).ranges(),
            &[(0, u128::MAX - 1)]
        );
        assert!(all.difference(&all).is_empty());
    }

    fn members(set: &IntervalSet) -> BTreeSet<u128> {
        set.ranges()
            .iter()
            .flat_map(|(low, high)| *low..=*high)
            .collect()
    }

    fn small_set() -> impl Strategy<Value = IntervalSet> {
        proptest::collection::vec((0u128..64, 0u128..8), 0..6).prop_map(|ranges| {
            IntervalSet::from_ranges(ranges.into_iter().map(|(low, width)| (low, low + width)))
        })
    }

    proptest! {
        /// Every operation agrees with the same operation on explicit sets of members.
        #[test]
        fn operations_match_explicit_sets(a in small_set(), b in small_set(), probe in 0u128..80) {
            let (ma, mb) = (members(&a), members(&b));
            prop_assert_eq!(members(&a.union(&b)), &ma | &mb);
            prop_assert_eq!(members(&a.intersection(&b)), &ma & &mb);
            prop_assert_eq!(members(&a.difference(&b)), &ma - &mb);
            prop_assert_eq!(a.contains(probe), ma.contains(&probe));
            prop_assert_eq!(a.count(), ma.len() as u128);
            prop_assert_eq!(a.is_superset(&b), mb.is_subset(&ma));
            // The normal form is canonical: equal member sets, equal representations.
            prop_assert_eq!(a.union(&b), IntervalSet::from_ranges((ma.iter().chain(&mb)).map(|v| (*v, *v))));
        }
    }
}
