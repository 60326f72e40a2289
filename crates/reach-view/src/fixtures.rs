//! Small exports and helpers shared by the modules' tests.

use crate::PageState;
use reach_aws::InputFile;

pub(crate) const VPCS: &str = r#"{"Vpcs": [{"VpcId": "vpc-0a1b", "CidrBlock": "10.0.0.0/16", "OwnerId": "111122223333",
        "Tags": [{"Key": "Name", "Value": "lab"}]}]}"#;
pub(crate) const SUBNETS: &str = r#"{"Subnets": [{"SubnetId": "subnet-0c1d", "VpcId": "vpc-0a1b", "CidrBlock": "10.0.1.0/24"},
        {"SubnetId": "subnet-0e1f", "VpcId": "vpc-0a1b", "CidrBlock": "10.0.2.0/24"}]}"#;

pub(crate) fn file(name: &str, text: &str) -> InputFile {
    InputFile::new(name, text.as_bytes())
}

/// A page with these `(name, text)` files added.
pub(crate) fn page(files: &[(&str, &str)]) -> PageState {
    let mut state = PageState::new();
    state.add_files(files.iter().map(|(name, text)| file(name, text)).collect());
    state
}

pub(crate) fn names(state: &PageState) -> Vec<String> {
    state.files().into_iter().map(|row| row.name).collect()
}

/// The commands the diagnostics suggest.
pub(crate) fn commands(state: &PageState) -> Vec<String> {
    state
        .diagnostics()
        .into_iter()
        .filter_map(|row| row.command)
        .collect()
}

/// `text` as Windows PowerShell's `>` writes it: UTF-16 after a byte-order mark.
pub(crate) fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mark: [u8; 2] = if big_endian {
        [0xFE, 0xFF]
    } else {
        [0xFF, 0xFE]
    };
    let units = text.encode_utf16().flat_map(|unit| {
        if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        }
    });
    mark.into_iter().chain(units).collect()
}
