//! Which application behaviours to try when the question does not say: plain payload, every
//! application protocol the policy's rules name, every server name their SNI, Host and query
//! matches single out (and one they do not), and for TLS a ClientHello that fits one segment
//! and one that needs two. Server names no rule tells apart form one class, played once.

use crate::flow::{AppProtocol, Scenario, DEFAULT_MSS_V4, LARGE_CLIENT_HELLO, SMALL_CLIENT_HELLO};
use crate::keyword::buffer::BufferMatch;
use crate::policy::Policy;
use reach_space::IntervalSet;
use std::collections::{BTreeSet, HashMap};

/// What the question says about the application; `None` fields are tried every way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AppQuestion {
    /// `--app-protocol`.
    pub app: Option<AppProtocol>,
    /// `--server-name`.
    pub server_name: Option<String>,
    /// `--client-hello-size`.
    pub client_hello_size: Option<u32>,
    /// The path's MSS, when known.
    pub mss: Option<u32>,
}

/// A server name no domain rule singles out.
pub const UNLISTED_NAME: &str = "unlisted.example.net";

/// Names that satisfy a buffer match: the content as a name, and a subdomain of it when
/// the match takes subdomains.
fn names_for(buffer: &BufferMatch) -> Vec<String> {
    let Some(content) = buffer.contents.iter().find(|content| !content.negated) else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(&content.bytes).to_ascii_lowercase();
    let bare = text.trim_start_matches('.').to_owned();
    let mut names = Vec::new();
    if !bare.is_empty() {
        names.push(bare.clone());
    }
    if !(content.startswith && content.endswith) && (text.starts_with('.') || content.endswith) {
        names.push(format!("www.{bare}"));
    }
    names
}

/// The scenarios to play for flows of the given transport protocols through these policies.
pub fn scenarios(
    policies: &[&Policy],
    protocols: &IntervalSet,
    question: &AppQuestion,
) -> Vec<Scenario> {
    let mss = question.mss.unwrap_or(DEFAULT_MSS_V4);
    let mut apps: BTreeSet<AppProtocol> = BTreeSet::new();
    match &question.app {
        Some(app) => {
            apps.insert(app.clone());
        }
        None => {
            apps.insert(AppProtocol::None);
            for policy in policies {
                for rule in &policy.stateful {
                    if let Some(app) = &rule.conditions.app {
                        if protocols.contains(u128::from(app.transport()))
                            || (app.name() == "dns" && protocols.contains(6))
                        {
                            apps.insert(app.clone());
                        }
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    for app in apps {
        let names: Vec<Option<String>> = if !app.has_server_name() {
            vec![None]
        } else if let Some(name) = &question.server_name {
            vec![Some(name.clone())]
        } else {
            let mut names: BTreeSet<String> = BTreeSet::new();
            for policy in policies {
                for rule in &policy.stateful {
                    for buffer in &rule.conditions.buffers {
                        if buffer.buffer.protocol() == app.name()
                            || (app.name() == "http2" && buffer.buffer.protocol() == "http")
                        {
                            names.extend(names_for(buffer));
                        }
                    }
                }
            }
            let mut list: Vec<Option<String>> = names.into_iter().map(Some).collect();
            list.push(Some(UNLISTED_NAME.to_owned()));
            list
        };
        let sizes: Vec<u32> = if app.name() != "tls" {
            vec![SMALL_CLIENT_HELLO]
        } else if let Some(size) = question.client_hello_size {
            vec![size]
        } else {
            vec![SMALL_CLIENT_HELLO, LARGE_CLIENT_HELLO]
        };
        for name in &names {
            for size in &sizes {
                out.push(Scenario {
                    app: app.clone(),
                    server_name: name.clone(),
                    client_hello_size: *size,
                    mss,
                });
            }
        }
    }
    out
}

/// The scenarios grouped into classes that play out alike, in the order of their first
/// members, each class in the order given; the first member stands for the class. Scenarios
/// are alike when they differ at most in their server names and those names meet the same
/// name-dependent rules ([`crate::server_name::NameIndex::named_rules_for`]) in every one of
/// `policies`: every other rule, and every other part of the engine, sees the same flow.
/// Pass every policy the flow could meet, not only those the scenarios came from, so that no
/// firewall further on could tell two names of a class apart.
pub fn classes(scenarios: &[Scenario], policies: &[&Policy]) -> Vec<Vec<Scenario>> {
    let mut classes: Vec<Vec<Scenario>> = Vec::new();
    let mut by_key: HashMap<ClassKey, usize> = HashMap::new();
    for scenario in scenarios {
        let rules = scenario.server_name.as_ref().map(|_| {
            policies
                .iter()
                .map(|policy| {
                    policy
                        .server_names
                        .named_rules_for(&policy.stateful, scenario)
                })
                .collect()
        });
        let key = ClassKey {
            app: scenario.app.clone(),
            client_hello_size: scenario.client_hello_size,
            mss: scenario.mss,
            rules,
        };
        match by_key.get(&key) {
            Some(&class) => classes[class].push(scenario.clone()),
            None => {
                by_key.insert(key, classes.len());
                classes.push(vec![scenario.clone()]);
            }
        }
    }
    classes
}

/// What a scenario's class is known by: all but its server name, and the name-dependent
/// rules that name meets in each policy.
#[derive(PartialEq, Eq, Hash)]
struct ClassKey {
    app: AppProtocol,
    client_hello_size: u32,
    mss: u32,
    /// `None` for a scenario without a server name.
    rules: Option<Vec<Vec<usize>>>,
}
