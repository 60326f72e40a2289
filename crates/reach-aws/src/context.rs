use serde::Deserialize;

/// What an output does not say about itself: the account and region it came from, the call
/// that produced it, and — for outputs that carry no id of their own — the resource they are
/// about. Taken from Reach's wrapper (`ReachExport`), a scenario bundle entry, Batfish's folder
/// layout, or the file name, in that order of preference.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Context {
    /// The AWS CLI call that printed the output.
    pub command: Option<String>,
    /// The region the output came from.
    pub region: Option<String>,
    /// The account the output came from.
    pub account_id: Option<String>,
    /// For `search-transit-gateway-routes` and the `get-transit-gateway-route-table-*` calls.
    pub transit_gateway_route_table_id: Option<String>,
    /// For `get-managed-prefix-list-entries`.
    pub prefix_list_id: Option<String>,
    /// For `describe-target-health` and `describe-target-group-attributes`.
    pub target_group_arn: Option<String>,
    /// For `describe-load-balancer-attributes`.
    pub load_balancer_arn: Option<String>,
    /// For a rule group fragment (`--query RuleGroup` or `--query RuleGroup.RulesSource`).
    pub rule_group_arn: Option<String>,
    /// For a firewall policy fragment (`--query FirewallPolicy`).
    pub firewall_policy_arn: Option<String>,
    /// The id in a file name of the form `<call>.<id>.json`, when there is one.
    #[serde(skip)]
    pub file_key: Option<String>,
    /// The `<call>` of a file named `<call>.json` or `<call>.<id>.json`.
    #[serde(skip)]
    pub file_call: Option<String>,
}

impl Context {
    /// Fills what `self` leaves open from `outer` (an explicit wrapper beats the file name).
    pub(crate) fn or(mut self, outer: &Context) -> Context {
        fn fill(field: &mut Option<String>, outer: &Option<String>) {
            if field.is_none() {
                field.clone_from(outer);
            }
        }
        fill(&mut self.command, &outer.command);
        fill(&mut self.region, &outer.region);
        fill(&mut self.account_id, &outer.account_id);
        fill(
            &mut self.transit_gateway_route_table_id,
            &outer.transit_gateway_route_table_id,
        );
        fill(&mut self.prefix_list_id, &outer.prefix_list_id);
        fill(&mut self.target_group_arn, &outer.target_group_arn);
        fill(&mut self.load_balancer_arn, &outer.load_balancer_arn);
        fill(&mut self.rule_group_arn, &outer.rule_group_arn);
        fill(&mut self.firewall_policy_arn, &outer.firewall_policy_arn);
        fill(&mut self.file_key, &outer.file_key);
        fill(&mut self.file_call, &outer.file_call);
        self
    }

    /// The context a path gives: the `<call>.<id>.json` file name's call and key, and the account and
    /// region of Batfish's `aws_configs/accounts/<account>/<region>/…` or
    /// `aws_configs/<region>/…` layout.
    pub(crate) fn from_path(path: &str) -> Context {
        let parts: Vec<&str> = path
            .split(['/', '\\'])
            .filter(|part| !part.is_empty())
            .collect();
        let mut context = Context::default();
        if let Some(file_name) = parts.last() {
            let stem = file_name.strip_suffix(".json").unwrap_or(file_name);
            let call = match stem.split_once('.') {
                Some((call, key)) => {
                    if !key.is_empty() {
                        context.file_key = Some(key.to_owned());
                    }
                    call
                }
                None => stem,
            };
            if !call.is_empty() {
                context.file_call = Some(call.to_owned());
            }
        }
        let folders = &parts[..parts.len().saturating_sub(1)];
        for (index, folder) in folders.iter().enumerate() {
            if is_region(folder) {
                context.region = Some((*folder).to_owned());
                if index >= 1 && is_account_id(folders[index - 1]) {
                    context.account_id = Some(folders[index - 1].to_owned());
                }
            }
        }
        context
    }
}

/// `us-east-1`, `eu-central-2`, `us-gov-west-1`, `ap-southeast-4`, …
pub(crate) fn is_region(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    if parts.len() < 3 || parts.len() > 4 {
        return false;
    }
    let Some((number, words)) = parts.split_last() else {
        return false;
    };
    !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit())
        && words[0].len() == 2
        && words
            .iter()
            .all(|word| !word.is_empty() && word.chars().all(|c| c.is_ascii_lowercase()))
}

fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_name_key_and_batfish_folders() {
        let context = Context::from_path("snap/aws_configs/accounts/111122223333/us-east-1/search-transit-gateway-routes.tgw-rtb-0a1b.json");
        assert_eq!(context.file_key.as_deref(), Some("tgw-rtb-0a1b"));
        assert_eq!(
            context.file_call.as_deref(),
            Some("search-transit-gateway-routes")
        );
        assert_eq!(context.region.as_deref(), Some("us-east-1"));
        assert_eq!(context.account_id.as_deref(), Some("111122223333"));

        let context = Context::from_path("aws_configs/eu-west-3/Vpcs.json");
        assert_eq!(context.file_key, None);
        assert_eq!(context.file_call.as_deref(), Some("Vpcs"));
        assert_eq!(context.region.as_deref(), Some("eu-west-3"));
        assert_eq!(context.account_id, None);
    }

    #[test]
    fn regions() {
        for region in [
            "us-east-1",
            "us-gov-west-1",
            "ap-southeast-4",
            "il-central-1",
        ] {
            assert!(is_region(region), "{region}");
        }
        for text in [
            "us-east",
            "seed-lab",
            "us-east-1a",
            "tgw-rtb-1",
            "US-EAST-1",
        ] {
            assert!(!is_region(text), "{text}");
        }
    }
}
