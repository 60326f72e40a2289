//! Lists inside a resource (a network ACL's `Entries`, a route table's `Routes`, a security
//! group's `IpPermissions`), read element by element.
//!
//! serde reads a resource in one go, so one element of the wrong shape (`"RuleNumber": "x"`, a
//! `null` in `Entries`) would fail the whole resource, and with it every other entry: a network
//! ACL that denies would vanish and a path through it look open. [`Elements`] keeps what reads
//! and sets aside what does not, with where and why, so that the model can report it and the
//! walk can say when an answer depends on it.

use serde::de::{DeserializeOwned, Deserializer};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::fmt;

/// A type that appears as an element of a list read with [`Elements`].
pub trait Element: DeserializeOwned {
    /// What can still be read of an element that does not read as a whole: the fields that
    /// say where it applies (a network ACL entry's direction and number), each read on its
    /// own so that one bad field does not hide the others. `()` when nothing is needed.
    type Known: DeserializeOwned + Default + Clone + fmt::Debug + PartialEq + Eq;
}

/// An element that did not read, left out of its list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dropped<K> {
    /// Its position in the list (`3` in `Entries[3]`).
    pub index: usize,
    /// The JSON path of the bad value inside the element (`RuleNumber`, `PortRange.From`);
    /// empty when the element itself has the wrong type (`null`, a string).
    pub location: String,
    /// What is wrong, as serde_json says it, without its position.
    pub message: String,
    /// What could still be read of it.
    pub known: K,
}

/// A list whose elements are read one by one: those that read are kept in order, each with its
/// position, and the others are [`Dropped`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Elements<T: Element> {
    elements: Vec<Result<T, Dropped<T::Known>>>,
}

impl<T: Element> Elements<T> {
    /// Every element in list order, with its position: read, or dropped.
    pub fn iter(&self) -> impl Iterator<Item = (usize, Result<&T, &Dropped<T::Known>>)> {
        self.elements
            .iter()
            .enumerate()
            .map(|(index, element)| (index, element.as_ref()))
    }

    /// The elements that read, with their positions in the list.
    pub fn read(&self) -> impl Iterator<Item = (usize, &T)> {
        self.elements
            .iter()
            .enumerate()
            .filter_map(|(index, element)| element.as_ref().ok().map(|element| (index, element)))
    }

    /// The elements that did not read.
    pub fn dropped(&self) -> impl Iterator<Item = &Dropped<T::Known>> {
        self.elements
            .iter()
            .filter_map(|element| element.as_ref().err())
    }

    /// How many elements the list has, read or not.
    pub fn len(&self) -> usize {
        self.elements.len()
    }

    /// Whether the list has no elements at all.
    pub fn is_empty(&self) -> bool {
        self.elements.is_empty()
    }
}

impl<T: Element> Default for Elements<T> {
    fn default() -> Self {
        Elements {
            elements: Vec::new(),
        }
    }
}

/// A list of elements that all read (for code that builds a resource rather than reading it).
impl<T: Element> From<Vec<T>> for Elements<T> {
    fn from(elements: Vec<T>) -> Self {
        Elements {
            elements: elements.into_iter().map(Ok).collect(),
        }
    }
}

impl<'de, T: Element> Deserialize<'de> for Elements<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Each element is kept as its own text first: what is wrong inside one is then its own
        // error, not the list's. A list that is not an array at all still fails the resource.
        let raw: Vec<Box<RawValue>> = Vec::deserialize(deserializer)?;
        let elements = raw
            .iter()
            .enumerate()
            .map(|(index, raw)| element(index, raw))
            .collect();
        Ok(Elements { elements })
    }
}

fn element<T: Element>(index: usize, raw: &RawValue) -> Result<T, Dropped<T::Known>> {
    let mut deserializer = serde_json::Deserializer::from_str(raw.get());
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let location = match error.path().to_string() {
            path if path == "." => String::new(),
            path => path,
        };
        // The position serde_json appends is within the element's own text: the path says
        // where the value is.
        let message = error.into_inner().to_string();
        let message = match message.rsplit_once(" at line ") {
            Some((head, _)) => head.to_owned(),
            None => message,
        };
        Dropped {
            index,
            location,
            message,
            // An element that is not even an object (`null`) tells nothing.
            known: serde_json::from_str(raw.get()).unwrap_or_default(),
        }
    })
}

/// Reads a field of [`Element::Known`] leniently: a value of another type is `None`, not an
/// error, since the element is already known to be bad.
pub(crate) fn lenient<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Maybe<T> {
        Value(T),
        Other(serde::de::IgnoredAny),
    }
    Ok(match Maybe::<T>::deserialize(deserializer)? {
        Maybe::Value(value) => Some(value),
        Maybe::Other(_) => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Eq, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Entry {
        number: i64,
        egress: bool,
    }

    #[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct EntryKnown {
        #[serde(default, deserialize_with = "lenient")]
        number: Option<i64>,
        #[serde(default, deserialize_with = "lenient")]
        egress: Option<bool>,
    }

    impl Element for Entry {
        type Known = EntryKnown;
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Holder {
        entries: Elements<Entry>,
    }

    /// The list of `holder`'s `Entries`, read through serde_path_to_error as recognize.rs
    /// reads a resource: the elements that read, and `index location: message (known)` for
    /// the others.
    fn check(list: &str, read: &[(usize, i64)], dropped: &[&str]) {
        let text = format!(r#"{{"Entries": {list}}}"#);
        let mut deserializer = serde_json::Deserializer::from_str(&text);
        let holder: Holder = serde_path_to_error::deserialize(&mut deserializer).unwrap();
        let actual: Vec<(usize, i64)> = holder
            .entries
            .read()
            .map(|(index, entry)| (index, entry.number))
            .collect();
        assert_eq!(actual, read);
        let actual: Vec<String> = holder
            .entries
            .dropped()
            .map(|dropped| {
                format!(
                    "{} {}: {} ({:?}, {:?})",
                    dropped.index,
                    dropped.location,
                    dropped.message,
                    dropped.known.number,
                    dropped.known.egress
                )
            })
            .collect();
        assert_eq!(actual, dropped);
    }

    #[test]
    fn a_bad_element_is_dropped_with_its_path_and_the_others_stay() {
        check(
            r#"[{"Number": 100, "Egress": false}, {"Number": "x", "Egress": true}, null, {"Number": 300, "Egress": false}]"#,
            &[(0, 100), (3, 300)],
            &[
                "1 Number: invalid type: string \"x\", expected i64 (None, Some(true))",
                "2 : invalid type: null, expected struct Entry (None, None)",
            ],
        );
    }

    #[test]
    fn what_can_be_read_of_a_dropped_element_is_kept() {
        check(
            r#"[{"Number": 100}, {"Egress": "yes", "Number": 7}]"#,
            &[],
            &[
                "0 : missing field `Egress` (Some(100), None)",
                "1 Egress: invalid type: string \"yes\", expected a boolean (Some(7), None)",
            ],
        );
    }

    #[test]
    fn a_list_that_is_not_an_array_still_fails_its_resource() {
        let text = r#"{"Entries": {"Number": 1}}"#;
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let error = serde_path_to_error::deserialize::<_, Holder>(&mut deserializer).unwrap_err();
        assert_eq!(error.path().to_string(), "Entries");
    }

    #[test]
    fn an_empty_list_and_a_list_built_in_code() {
        check("[]", &[], &[]);
        let built = Elements::from(vec![Entry {
            number: 1,
            egress: true,
        }]);
        assert_eq!(built.len(), 1);
        assert_eq!(built.dropped().count(), 0);
    }
}
