//! The minimal scenario behind an answer: the loaded exports cut down to what the answer
//! depends on, for a share link that stays short. Nothing is guessed: every cut (a whole file,
//! an array element, an object member) is kept only if the answer's JSON stays byte for byte
//! the same, so the minimal scenario yields the identical answer by construction.

use reach_aws::InputFile;
use reach_core::analysis::Question;
use serde_json::Value;

/// The answer's JSON for these files, or `None` when the question cannot be asked of them.
fn answer(files: &[InputFile], question: &Question) -> Option<String> {
    let load = reach_core::load(files);
    let answer = reach_core::analyze(&load.snapshot, question).ok()?;
    serde_json::to_string(&reach_report::analysis_json(&answer)).ok()
}

/// A file as JSON, or kept as it is when it is not JSON.
enum Document {
    Json(String, Value),
    Raw(InputFile),
}

fn files_of(documents: &[Document]) -> Vec<InputFile> {
    documents
        .iter()
        .map(|document| match document {
            Document::Json(name, value) => {
                InputFile::new(name.clone(), serde_json::to_vec(value).unwrap_or_default())
            }
            Document::Raw(file) => file.clone(),
        })
        .collect()
}

/// A path to a node of a JSON tree: object keys and array indices.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn node_mut<'v>(value: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    let mut node = value;
    for step in path {
        node = match (step, node) {
            (Step::Key(key), Value::Object(map)) => map.get_mut(key)?,
            (Step::Index(index), Value::Array(items)) => items.get_mut(*index)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Removes the child `last` of the node at `parent`; returns what was removed.
fn remove(value: &mut Value, parent: &[Step], last: &Step) -> Option<(Step, Value)> {
    let node = node_mut(value, parent)?;
    match (last, node) {
        (Step::Key(key), Value::Object(map)) => {
            let index = map.keys().position(|existing| existing == key)?;
            let removed = map.shift_remove(key)?;
            Some((Step::Key(format!("{index}\u{0}{key}")), removed))
        }
        (Step::Index(index), Value::Array(items)) if *index < items.len() => {
            Some((Step::Index(*index), items.remove(*index)))
        }
        _ => None,
    }
}

/// Puts back what [`remove`] took, where it was.
fn restore(value: &mut Value, parent: &[Step], removed: (Step, Value)) {
    let Some(node) = node_mut(value, parent) else {
        return;
    };
    match (removed, node) {
        ((Step::Key(encoded), child), Value::Object(map)) => {
            if let Some((index, key)) = encoded.split_once('\u{0}') {
                let index = index.parse().unwrap_or(map.len()).min(map.len());
                map.shift_insert(index, key.to_owned(), child);
            }
        }
        ((Step::Index(index), child), Value::Array(items)) => {
            items.insert(index.min(items.len()), child);
        }
        _ => {}
    }
}

/// The smallest set of exports (by greedy cuts) that gives the same answer to `question`.
/// `budget` caps the number of analyses it may run; when it runs out, what is cut so far is
/// returned (still giving the identical answer).
pub fn minimal_files(files: &[InputFile], question: &Question, budget: usize) -> Vec<InputFile> {
    let Some(expected) = answer(files, question) else {
        return files.to_vec();
    };
    let mut runs = 0usize;
    let same = |documents: &[Document], runs: &mut usize| -> bool {
        *runs += 1;
        answer(&files_of(documents), question).as_deref() == Some(expected.as_str())
    };
    let mut documents: Vec<Document> = files
        .iter()
        .map(|file| match serde_json::from_slice::<Value>(&file.bytes) {
            Ok(value) => Document::Json(file.name.clone(), value),
            Err(_) => Document::Raw(file.clone()),
        })
        .collect();
    // Whole files first, last to first.
    let mut index = documents.len();
    while index > 0 && runs < budget {
        index -= 1;
        let removed = documents.remove(index);
        if !same(&documents, &mut runs) {
            documents.insert(index, removed);
        }
    }
    // Then every node of every file, top down: a removed subtree takes its descendants along.
    for document in 0..documents.len() {
        if !matches!(documents[document], Document::Json(..)) {
            continue;
        }
        let mut pending: Vec<Vec<Step>> = vec![Vec::new()];
        while let Some(parent) = pending.pop() {
            if runs >= budget {
                break;
            }
            let children: Vec<Step> = match &mut documents[document] {
                Document::Json(_, value) => match node_mut(value, &parent) {
                    Some(Value::Object(map)) => {
                        map.keys().map(|key| Step::Key(key.clone())).collect()
                    }
                    Some(Value::Array(items)) => (0..items.len()).rev().map(Step::Index).collect(),
                    _ => Vec::new(),
                },
                Document::Raw(_) => Vec::new(),
            };
            for child in children {
                if runs >= budget {
                    break;
                }
                let Document::Json(_, value) = &mut documents[document] else {
                    break;
                };
                let Some(removed) = remove(value, &parent, &child) else {
                    continue;
                };
                if same(&documents, &mut runs) {
                    continue;
                }
                let Document::Json(_, value) = &mut documents[document] else {
                    break;
                };
                restore(value, &parent, removed);
                let mut path = parent.clone();
                path.push(child);
                pending.push(path);
            }
        }
    }
    files_of(&documents)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reach_core::analysis::Endpoint;

    #[test]
    fn the_minimal_seed_lab_gives_the_identical_answer() {
        let files = reach_core::demo::seed_lab_variant("04-tcp-rules-tcp-80").unwrap();
        let question = Question {
            source: Endpoint::parse("i-0454c90477e2bf220"),
            destination: Endpoint::parse("93.184.216.34"),
            protocol: 6,
            source_ports: None,
            destination_ports: Some((80, 80)),
            icmp: None,
            source_ip: None,
            destination_ip: Some("93.184.216.34".parse().unwrap()),
            application: Default::default(),
            compat: Default::default(),
        };
        let minimal = minimal_files(&files, &question, 20_000);
        assert_eq!(answer(&minimal, &question), answer(&files, &question));
        let size = |files: &[InputFile]| files.iter().map(|file| file.bytes.len()).sum::<usize>();
        assert!(
            minimal.len() < files.len() / 2,
            "{} of {} files",
            minimal.len(),
            files.len()
        );
        assert!(
            size(&minimal) * 4 < size(&files),
            "{} of {} bytes",
            size(&minimal),
            size(&files)
        );
    }
}
