//! Whatever bytes arrive, `load` returns (errors and diagnostics, never a panic), and so does
//! `analyze` on what it loaded, through every part of the walk the seed lab reaches (its
//! firewall included). Two
//! generators: arbitrary bytes, and mutations of the seed lab's real exports (byte edits, cut
//! files, and JSON values swapped for values of another type), which reach much deeper into
//! the importer than random bytes do.

use proptest::prelude::*;
use reach_aws::InputFile;
use serde_json::Value;

fn seed_lab() -> Vec<InputFile> {
    let files = reach_core::demo::seed_lab();
    assert!(!files.is_empty(), "the seed lab is embedded");
    files
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let load = reach_core::load(&[InputFile::new("random.json", bytes)]);
        let _ = reach_core::inventory(&load);
    }

    #[test]
    fn byte_mutations_of_real_exports(file in any::<prop::sample::Index>(), edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8)) {
        let mut files = seed_lab();
        let index = file.index(files.len());
        let bytes = &mut files[index].bytes;
        for (position, byte, operation) in edits {
            if bytes.is_empty() {
                break;
            }
            let at = position.index(bytes.len());
            match operation {
                0 => bytes[at] = byte,
                1 => bytes.truncate(at),
                _ => bytes.insert(at, byte),
            }
        }
        let load = reach_core::load(&files);
        let _ = reach_core::inventory(&load);
    }

    #[test]
    fn value_mutations_of_real_exports(file in any::<prop::sample::Index>(), node in any::<prop::sample::Index>(), replacement in json_value()) {
        let mut files = seed_lab();
        let index = file.index(files.len());
        let mut value: Value = serde_json::from_slice(&files[index].bytes).expect("fixtures are JSON");
        let count = count_nodes(&value);
        replace_nth(&mut value, node.index(count), replacement);
        files[index].bytes = serde_json::to_vec(&value).expect("serializable");
        let load = reach_core::load(&files);
        let _ = reach_core::inventory(&load);
        analyze(&load);
    }

    #[test]
    fn rule_string_mutations_never_panic(rules in "[ -~\n]{0,300}") {
        // The seed lab's rule group as Suricata text of any shape.
        let mut files = seed_lab();
        let group = files
            .iter_mut()
            .find(|file| file.name.starts_with("describe-rule-group"))
            .expect("a rule group");
        let mut value: Value = serde_json::from_slice(&group.bytes).expect("fixtures are JSON");
        value["RuleGroup"]["RulesSource"] = serde_json::json!({ "RulesString": rules });
        group.bytes = serde_json::to_vec(&value).expect("serializable");
        let load = reach_core::load(&files);
        analyze(&load);
    }
}

/// The seed lab's question, every port, in both modes; and a ping.
fn analyze(load: &reach_core::Load) {
    for compat in [
        reach_core::analysis::Compat::Faithful,
        reach_core::analysis::Compat::Aws,
    ] {
        let question = reach_core::Question {
            source: reach_core::analysis::Endpoint::parse("i-0454c90477e2bf220"),
            destination: reach_core::analysis::Endpoint::parse("93.184.216.34"),
            protocol: 6,
            source_ports: None,
            destination_ports: None,
            icmp: None,
            source_ip: None,
            destination_ip: Some("93.184.216.34".parse().expect("constant")),
            application: Default::default(),
            compat,
        };
        let _ = reach_core::analyze(&load.snapshot, &question);
    }
    // And a ping, whose type and code ride in the port dimensions (AWS mode refuses it).
    let ping = reach_core::Question {
        source: reach_core::analysis::Endpoint::parse("i-0454c90477e2bf220"),
        destination: reach_core::analysis::Endpoint::parse("93.184.216.34"),
        protocol: 1,
        source_ports: None,
        destination_ports: None,
        icmp: None,
        source_ip: None,
        destination_ip: Some("93.184.216.34".parse().expect("constant")),
        application: Default::default(),
        compat: reach_core::analysis::Compat::Faithful,
    };
    let _ = reach_core::analyze(&load.snapshot, &ping);
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|number| serde_json::Number::from_f64(number)
            .map(Value::Number)
            .unwrap_or(Value::Null)),
        "[a-z0-9./:-]{0,20}".prop_map(Value::String),
        Just(Value::String("10.0.0.0/33".to_owned())),
        Just(Value::String("vpc-0123456789abcdef0".to_owned())),
        Just(Value::from(-1)),
        Just(Value::from(70000)),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map("[A-Z][a-zA-Z]{0,12}", inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

fn count_nodes(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(count_nodes).sum(),
        Value::Object(map) => map.values().map(count_nodes).sum(),
        _ => 0,
    }
}

/// Replaces the `n`th node in depth-first order; returns how many nodes it passed.
fn replace_nth(value: &mut Value, n: usize, replacement: Value) -> usize {
    fn walk(value: &mut Value, n: &mut usize, replacement: &mut Option<Value>) {
        if *n == 0 {
            if let Some(replacement) = replacement.take() {
                *value = replacement;
            }
            return;
        }
        *n -= 1;
        match value {
            Value::Array(items) => items.iter_mut().for_each(|item| walk(item, n, replacement)),
            Value::Object(map) => map.values_mut().for_each(|item| walk(item, n, replacement)),
            _ => {}
        }
    }
    let mut remaining = n;
    walk(value, &mut remaining, &mut Some(replacement));
    n
}
