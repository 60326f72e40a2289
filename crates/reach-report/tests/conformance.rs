//! Every JSON answer in the scenario goldens uses only the members and values AWS's model
//! allows for a `NetworkInsightsAnalysis`, except under `Reach` keys (Reach's own additions).
//! The schema, `tests/conformance/network-insights-analysis.schema.json`, is derived from
//! botocore's EC2 model by `tests/conformance/derive_schema.py`, which names its source; a
//! misspelled or invented member fails here.

use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct Schema {
    shapes: Map<String, Value>,
}

impl Schema {
    fn load() -> Schema {
        let text = std::fs::read_to_string(
            repository().join("tests/conformance/network-insights-analysis.schema.json"),
        )
        .unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        Schema {
            shapes: value["shapes"].as_object().unwrap().clone(),
        }
    }

    /// The problems of `value` as an instance of `shape`, each with its JSON path.
    fn check(&self, value: &Value, shape: &str, path: &str, problems: &mut Vec<String>) {
        let spec = &self.shapes[shape];
        if let Some(members) = spec.get("members").and_then(Value::as_object) {
            let Some(object) = value.as_object() else {
                return problems.push(format!("{path}: {shape} must be an object"));
            };
            for (key, member) in object {
                if key == "Reach" {
                    continue;
                }
                match members.get(key).and_then(Value::as_str) {
                    Some(inner) => self.check(member, inner, &format!("{path}.{key}"), problems),
                    None => problems.push(format!("{path}.{key}: {shape} has no member {key}")),
                }
            }
        } else if let Some(element) = spec.get("list").and_then(Value::as_str) {
            let Some(items) = value.as_array() else {
                return problems.push(format!("{path}: {shape} must be a list"));
            };
            for (index, item) in items.iter().enumerate() {
                self.check(item, element, &format!("{path}[{index}]"), problems);
            }
        } else {
            let kind = spec["type"].as_str().unwrap_or_default();
            let fits = match kind {
                "string" | "timestamp" => value.is_string(),
                "integer" | "long" => value.is_i64() || value.is_u64(),
                "boolean" => value.is_boolean(),
                "double" | "float" => value.is_number(),
                _ => true,
            };
            if !fits {
                problems.push(format!("{path}: {shape} must be a {kind}, not {value}"));
            }
            if let Some(allowed) = spec.get("enum").and_then(Value::as_array) {
                if !allowed.contains(value) {
                    problems.push(format!("{path}: {value} is not one of {shape}'s values"));
                }
            }
        }
    }
}

fn goldens() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![repository().join("tests/scenarios")];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().filter_map(Result::ok) {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                pending.push(path);
            } else if name.starts_with("expected")
                && name.ends_with(".json")
                && !name.contains("inventory")
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn every_golden_answer_conforms_to_awss_model() {
    let schema = Schema::load();
    let files = goldens();
    assert!(files.len() > 20, "found only {} goldens", files.len());
    let mut problems = Vec::new();
    for file in &files {
        let value: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let mut found = Vec::new();
        schema.check(&value, "NetworkInsightsAnalysis", "", &mut found);
        let name = file
            .strip_prefix(repository())
            .unwrap_or(file)
            .display()
            .to_string();
        problems.extend(
            found
                .into_iter()
                .map(|problem| format!("{name}: {problem}")),
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The checker itself: an invented member, a wrong type, and a `Reach` addition let through.
#[test]
fn the_checker_finds_invented_members_and_wrong_types() {
    let schema = Schema::load();
    let mut problems = Vec::new();
    let answer = serde_json::json!({
        "NetworkPathFound": "yes",
        "ForwardPathComponents": [{"SequenceNumber": 1, "Componnet": {"Id": "i-1"}, "Reach": {"Anything": 1}}],
    });
    schema.check(&answer, "NetworkInsightsAnalysis", "", &mut problems);
    assert_eq!(
        problems,
        [
            ".NetworkPathFound: Boolean must be a boolean, not \"yes\"",
            ".ForwardPathComponents[0].Componnet: PathComponent has no member Componnet",
        ]
    );
}
