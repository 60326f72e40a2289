//! Sets of integers as sorted, disjoint, non-adjacent inclusive ranges: the building block of
//! header spaces (addresses, ports, protocol numbers).
//!
//! A set of many ranges (a 50,000-entry `HOME_NET`) is shared, not copied: every rule that
//! uses it, and every cube built from those rules, holds the same allocation, so cloning a
//! set costs a reference count, and two sets from the same allocation compare equal at once.
//! Operations between a small set and a large one search the large one instead of walking
//! it, so narrowing a flow by a rule costs the flow's size, not the rule's.

use std::fmt;
use std::sync::Arc;

/// A set of `u128` values within `0..=max` of its dimension, as sorted, disjoint,
/// non-adjacent inclusive ranges. Every operation keeps that normal form, so two equal sets
/// have equal representations.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct IntervalSet {
    ranges: Ranges,
}

/// The ranges, by how many there are: most sets are empty or one range (a port, an address,
/// a CIDR block), which need no allocation; more are shared. Always the variant for the
/// count, so the derived equality is equality of sets.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
enum Ranges {
    #[default]
    Empty,
    One((u128, u128)),
    Many(Arc<[(u128, u128)]>),
}

impl IntervalSet {
    /// The empty set.
    pub fn empty() -> IntervalSet {
        IntervalSet {
            ranges: Ranges::Empty,
        }
    }

    /// `low..=high`; empty when `low > high`.
    pub fn range(low: u128, high: u128) -> IntervalSet {
        if low > high {
            return IntervalSet::empty();
        }
        IntervalSet {
            ranges: Ranges::One((low, high)),
        }
    }

    /// One value.
    pub fn single(value: u128) -> IntervalSet {
        IntervalSet::range(value, value)
    }

    /// Builds a set from ranges in any order, overlapping or not, in one pass: sorted, then
    /// overlapping and adjacent ranges joined (O(n log n) for n ranges).
    pub fn from_ranges(ranges: impl IntoIterator<Item = (u128, u128)>) -> IntervalSet {
        let mut ranges: Vec<(u128, u128)> = ranges
            .into_iter()
            .filter(|(low, high)| low <= high)
            .collect();
        ranges.sort_unstable();
        let mut merged: Vec<(u128, u128)> = Vec::with_capacity(ranges.len());
        for (low, high) in ranges {
            push_joined(&mut merged, (low, high));
        }
        IntervalSet::from_normal(merged)
    }

    /// The union of many sets, built in one pass rather than one union at a time (which
    /// copies the growing set once per set: quadratic for an IP set of 40,000 entries).
    pub fn union_all<'a>(sets: impl IntoIterator<Item = &'a IntervalSet>) -> IntervalSet {
        IntervalSet::from_ranges(
            sets.into_iter()
                .flat_map(|set| set.ranges().iter().copied()),
        )
    }

    /// A set from ranges already in normal form.
    fn from_normal(ranges: Vec<(u128, u128)>) -> IntervalSet {
        IntervalSet {
            ranges: match ranges.as_slice() {
                [] => Ranges::Empty,
                [one] => Ranges::One(*one),
                _ => Ranges::Many(ranges.into()),
            },
        }
    }

    /// The ranges, sorted, disjoint and non-adjacent.
    pub fn ranges(&self) -> &[(u128, u128)] {
        match &self.ranges {
            Ranges::Empty => &[],
            Ranges::One(range) => std::slice::from_ref(range),
            Ranges::Many(ranges) => ranges,
        }
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        matches!(self.ranges, Ranges::Empty)
    }

    /// Whether `value` is in the set.
    pub fn contains(&self, value: u128) -> bool {
        let ranges = self.ranges();
        let index = ranges.partition_point(|(_, high)| *high < value);
        ranges.get(index).is_some_and(|(low, _)| *low <= value)
    }

    /// Whether every value of `other` is in `self`.
    pub fn is_superset(&self, other: &IntervalSet) -> bool {
        other.difference(self).is_empty()
    }

    /// The smallest value, if any.
    pub fn first(&self) -> Option<u128> {
        self.ranges().first().map(|(low, _)| *low)
    }

    /// `self ∪ other`, by a merge of both sorted range lists.
    pub fn union(&self, other: &IntervalSet) -> IntervalSet {
        if other.is_empty() || self == other {
            return self.clone();
        }
        if self.is_empty() {
            return other.clone();
        }
        let (left, right) = (self.ranges(), other.ranges());
        let mut out = Vec::with_capacity(left.len() + right.len());
        let (mut a, mut b) = (0, 0);
        while a < left.len() || b < right.len() {
            let next = match (left.get(a), right.get(b)) {
                (Some(x), Some(y)) if x <= y => {
                    a += 1;
                    *x
                }
                (_, Some(y)) => {
                    b += 1;
                    *y
                }
                (Some(x), None) => {
                    a += 1;
                    *x
                }
                (None, None) => break,
            };
            push_joined(&mut out, next);
        }
        IntervalSet::from_normal(out)
    }

    /// `self ∩ other`, by a merge of both sorted range lists that skips, by galloping search,
    /// the ranges of one that end before the other's next range starts.
    pub fn intersection(&self, other: &IntervalSet) -> IntervalSet {
        if self == other {
            return self.clone();
        }
        let (left, right) = (self.ranges(), other.ranges());
        let mut out = Vec::new();
        let (mut a, mut b) = (0, 0);
        while a < left.len() && b < right.len() {
            let (a_low, a_high) = left[a];
            let (b_low, b_high) = right[b];
            if a_high < b_low {
                a = skip_below(left, a, b_low);
                continue;
            }
            if b_high < a_low {
                b = skip_below(right, b, a_low);
                continue;
            }
            out.push((a_low.max(b_low), a_high.min(b_high)));
            if a_high < b_high {
                a += 1;
            } else {
                b += 1;
            }
        }
        IntervalSet::from_normal(out)
    }

    /// `self ∖ other`.
    pub fn difference(&self, other: &IntervalSet) -> IntervalSet {
        if other.is_empty() {
            return self.clone();
        }
        let (left, right) = (self.ranges(), other.ranges());
        let mut out = Vec::new();
        let mut cut = 0;
        for &(low, high) in left {
            let mut low = low;
            let mut done = false;
            cut = skip_below(right, cut, low);
            let mut cursor = cut;
            while cursor < right.len() && right[cursor].0 <= high {
                let (cut_low, cut_high) = right[cursor];
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
        IntervalSet::from_normal(out)
    }

    /// The ranges as people write them: `22, 443, 8080-8081`.
    pub fn to_range_list(&self) -> String {
        let parts: Vec<String> = self
            .ranges()
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
        self.ranges().iter().fold(0u128, |total, (low, high)| {
            total.saturating_add(high - low).saturating_add(1)
        })
    }
}

/// Appends a range to ranges in normal form that end at or before its start, joining it with
/// the last one when they overlap or touch (`high + 1 == low`).
fn push_joined(ranges: &mut Vec<(u128, u128)>, (low, high): (u128, u128)) {
    match ranges.last_mut() {
        Some(last) if low <= last.1.saturating_add(1) => last.1 = last.1.max(high),
        _ => ranges.push((low, high)),
    }
}

/// The first index at or after `from` whose range ends at or above `value`: a galloping
/// search (steps of 1, 2, 4… then a binary search), which costs O(log d) to skip d ranges, so a
/// merge of a few ranges with many costs O(few × log many).
fn skip_below(ranges: &[(u128, u128)], from: usize, value: u128) -> usize {
    let mut low = from;
    let mut high = from;
    let mut step = 1usize;
    while high < ranges.len() && ranges[high].1 < value {
        low = high + 1;
        high = from.saturating_add(step);
        step = step.saturating_mul(2);
    }
    let high = high.min(ranges.len()).max(low);
    low + ranges[low..high].partition_point(|range| range.1 < value)
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

    /// Whether ranges are in normal form: sorted, disjoint, non-adjacent.
    fn normal(set: &IntervalSet) -> bool {
        set.ranges()
            .windows(2)
            .all(|pair| pair[0].1.saturating_add(1) < pair[1].0)
            && set.ranges().iter().all(|(low, high)| low <= high)
    }

    /// A set of up to 300 ranges over 0..4,000: large enough that merging it with a small set
    /// gallops over runs of its ranges.
    fn large_set() -> impl Strategy<Value = IntervalSet> {
        proptest::collection::vec((0u128..4_000, 0u128..6), 0..300).prop_map(|ranges| {
            IntervalSet::from_ranges(ranges.into_iter().map(|(low, width)| (low, low + width)))
        })
    }

    #[test]
    fn union_all_is_one_pass_of_every_union() {
        let sets: Vec<IntervalSet> = (0..50u128)
            .map(|n| IntervalSet::range(n * 3, n * 3 + (n % 3)))
            .collect();
        let folded = sets
            .iter()
            .fold(IntervalSet::empty(), |all, set| all.union(set));
        assert_eq!(IntervalSet::union_all(&sets), folded);
        assert!(normal(&folded));
        assert_eq!(IntervalSet::union_all([]), IntervalSet::empty());
    }

    #[test]
    fn clones_of_a_large_set_share_it() {
        let large = IntervalSet::from_ranges((0..1_000u128).map(|n| (n * 4, n * 4 + 1)));
        let copy = large.clone();
        assert!(std::ptr::eq(large.ranges(), copy.ranges()));
        // A set that is all of one range is a range, however it was built.
        assert_eq!(
            IntervalSet::from_ranges([(1, 2), (3, 4)]),
            IntervalSet::range(1, 4)
        );
        assert_eq!(
            large.intersection(&IntervalSet::range(0, 5)),
            IntervalSet::from_ranges([(0, 1), (4, 5)])
        );
    }

    proptest! {
        /// Operations between a large set and a small one (the galloping paths) agree with
        /// explicit sets of members, both ways round, and keep the normal form.
        #[test]
        fn large_and_small_sets_match_explicit_sets(a in large_set(), b in small_set(), shift in 0u128..4_000) {
            let b = IntervalSet::from_ranges(b.ranges().iter().map(|(low, high)| (low + shift, high + shift)));
            let (ma, mb) = (members(&a), members(&b));
            for (result, expected) in [
                (a.union(&b), &ma | &mb),
                (b.union(&a), &ma | &mb),
                (a.intersection(&b), &ma & &mb),
                (b.intersection(&a), &ma & &mb),
                (a.difference(&b), &ma - &mb),
                (b.difference(&a), &mb - &ma),
            ] {
                prop_assert!(normal(&result), "{:?}", result);
                prop_assert_eq!(members(&result), expected);
            }
            prop_assert_eq!(IntervalSet::union_all([&a, &b]), a.union(&b));
            prop_assert_eq!(a.is_superset(&b), mb.is_subset(&ma));
        }

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
