/// One input file: its name (a path as the user gave it, or a name in a scenario bundle) and
/// its raw bytes. Bytes, not text, so that encoding problems are ours to report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputFile {
    /// The name shown in every message about this file.
    pub name: String,
    /// The file's content, exactly as read.
    pub bytes: Vec<u8>,
}

impl InputFile {
    /// A file from a name and its content.
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> InputFile {
        InputFile {
            name: name.into(),
            bytes: bytes.into(),
        }
    }
}
