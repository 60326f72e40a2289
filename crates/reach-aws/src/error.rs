use std::fmt;

/// An input that could not be read, or a value in it that could not be understood.
///
/// Displayed as `file: resource: location: message`, for example
/// `describe-route-tables.json: rtb-0d4e: RouteTables[2].Routes[0].DestinationCidrBlock: invalid CIDR "10.0.0.0/33"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// The file the problem is in.
    pub file: String,
    /// The resource the problem is in, when known (an id or ARN).
    pub resource: Option<String>,
    /// Where in the file: `line L, column C` (one-based, as serde_json counts) for broken JSON,
    /// or a JSON path such as `RouteTables[2].Routes[0]` for a value of the wrong shape.
    pub location: Option<String>,
    /// What is wrong, lowercase, no final period.
    pub message: String,
}

impl Error {
    /// A problem with the file as a whole.
    pub fn in_file(file: &str, message: impl Into<String>) -> Error {
        Error {
            file: file.to_owned(),
            resource: None,
            location: None,
            message: message.into(),
        }
    }

    /// Adds the location (line and column, or JSON path).
    pub fn at(mut self, location: impl Into<String>) -> Error {
        self.location = Some(location.into());
        self
    }

    /// Adds the resource the problem is in.
    pub fn of_resource(mut self, resource: impl Into<String>) -> Error {
        self.resource = Some(resource.into());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(resource) = &self.resource {
            write!(f, ": {resource}")?;
        }
        if let Some(location) = &self.location {
            write!(f, ": {location}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for Error {}
