//! The built-in demo: the seed lab of `tests/scenarios/seed-lab/`, its 11 variants
//! (`tests/scenarios/seed-lab-variants/`) and the multi-VPC designs built on it (overlays in
//! `tests/scenarios/seed-lab-overlays/` marked with a `demo` file),
//! embedded at build time (see `build.rs`). A variant is an overlay: its files replace the
//! base lab's files of the same name.

use reach_aws::InputFile;

include!(concat!(env!("OUT_DIR"), "/demo_files.rs"));

/// One variant of the seed lab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Variant {
    /// Its folder name (`04-tcp-rules`).
    pub id: &'static str,
    /// A short title.
    pub title: &'static str,
    /// Its one-line story.
    pub story: &'static str,
    /// The question its scenario asks, as `reach analyze` flags.
    pub question: &'static str,
}

/// The seed lab's exports, as files.
pub fn seed_lab() -> Vec<InputFile> {
    BASE.iter()
        .map(|(name, bytes)| InputFile::new(*name, *bytes))
        .collect()
}

/// The variants, in order.
pub fn variants() -> &'static [Variant] {
    VARIANTS
}

/// The seed lab with a variant's overlay applied, or `None` for an unknown variant.
pub fn seed_lab_variant(id: &str) -> Option<Vec<InputFile>> {
    let (_, overlay) = OVERLAYS.iter().find(|(variant, _)| *variant == id)?;
    let mut files = seed_lab();
    for (name, bytes) in overlay.iter() {
        match files.iter_mut().find(|file| file.name == *name) {
            Some(file) => file.bytes = bytes.to_vec(),
            None => files.push(InputFile::new(*name, *bytes)),
        }
    }
    Some(files)
}
