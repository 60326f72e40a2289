//! The seed lab is complete, and every one of its export files matters: removing any one of
//! them yields a diagnostic carrying the AWS CLI call that exports it again.

use reach_aws::InputFile;

fn load(files: &[InputFile]) -> reach_core::Load {
    reach_core::load(files)
}

#[test]
fn seed_lab_is_complete() {
    let load = load(&reach_core::demo::seed_lab());
    assert!(load.errors.is_empty(), "{:#?}", load.errors);
    assert!(load.diagnostics.is_empty(), "{:#?}", load.diagnostics);
    assert!(load.ignored.is_empty(), "{:#?}", load.ignored);
}

#[test]
fn removing_any_export_file_yields_a_diagnostic_with_its_command() {
    let all = reach_core::demo::seed_lab();
    for removed in &all {
        let rest: Vec<InputFile> = all
            .iter()
            .filter(|file| file.name != removed.name)
            .cloned()
            .collect();
        let load = load(&rest);
        let stem = removed.name.trim_end_matches(".json");
        // `describe-firewall.network-firewall.json` → the call and the resource it is about.
        let (call, key) = match stem.split_once('.') {
            Some((call, key)) => (call, Some(key)),
            None => (stem, None),
        };
        let found = load.diagnostics.iter().any(|diagnostic| {
            let Some(command) = &diagnostic.command else {
                return false;
            };
            let names_call = command.split_whitespace().any(|word| word == call);
            names_call && key.is_none_or(|key| command.contains(key))
        });
        assert!(
            found,
            "removing {} gave no diagnostic with `{call}`{}; diagnostics: {:#?}",
            removed.name,
            key.map(|key| format!(" and `{key}`")).unwrap_or_default(),
            load.diagnostics
        );
    }
}

#[test]
fn every_variant_loads_cleanly() {
    for variant in reach_core::demo::variants() {
        let files = reach_core::demo::seed_lab_variant(variant.id).expect("listed variants exist");
        let load = load(&files);
        assert!(load.errors.is_empty(), "{}: {:#?}", variant.id, load.errors);
        assert!(
            load.diagnostics.is_empty(),
            "{}: {:#?}",
            variant.id,
            load.diagnostics
        );
        assert!(
            !variant.story.is_empty(),
            "{} has a one-line story",
            variant.id
        );
    }
    // The 11 cases of the seed lab, then the multi-VPC designs built on it.
    assert_eq!(reach_core::demo::variants()[..11].len(), 11);
    assert!(reach_core::demo::variants()[..11]
        .iter()
        .all(|v| v.id.starts_with(|c: char| c.is_ascii_digit())));
    assert!(reach_core::demo::variants().len() > 11);
    assert!(reach_core::demo::seed_lab_variant("no-such-variant").is_none());
}

#[test]
fn a_subnet_without_its_route_table_falls_back_to_the_main_table_and_says_so() {
    use reach_core::model::RouteTableChoice;
    let mut files = reach_core::demo::seed_lab();
    let load_all = load(&files);
    let (subnet, _) = load_all
        .snapshot
        .subnets
        .iter()
        .find(|(_, subnet)| matches!(subnet.route_table, Some((_, RouteTableChoice::Explicit))))
        .expect("the lab has explicit associations");
    // Drop the explicit association of one subnet: the main table applies.
    for file in &mut files {
        if file.name == "describe-route-tables.json" {
            let mut value: serde_json::Value = serde_json::from_slice(&file.bytes).unwrap();
            for table in value["RouteTables"].as_array_mut().unwrap() {
                table["Associations"]
                    .as_array_mut()
                    .unwrap()
                    .retain(|association| association["SubnetId"] != subnet.as_str());
            }
            file.bytes = serde_json::to_vec(&value).unwrap();
        }
    }
    let load = load(&files);
    let choice = load.snapshot.subnets[subnet]
        .route_table
        .as_ref()
        .map(|(_, choice)| *choice);
    assert_eq!(choice, Some(RouteTableChoice::Main));
}
