use super::Tag;
use serde::Deserialize;

/// `aws network-firewall describe-tls-inspection-configuration`: the whole output.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTlsInspectionConfiguration {
    pub update_token: Option<String>,
    #[serde(rename = "TLSInspectionConfiguration")]
    pub tls_inspection_configuration: Option<TlsInspectionConfiguration>,
    #[serde(rename = "TLSInspectionConfigurationResponse")]
    pub tls_inspection_configuration_response: TlsInspectionConfigurationResponse,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TlsInspectionConfiguration {
    #[serde(default)]
    pub server_certificate_configurations: Vec<ServerCertificateConfiguration>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServerCertificateConfiguration {
    /// Which flows are decrypted: the same fields as a stateless rule's match attributes.
    #[serde(default)]
    pub scopes: Vec<super::rule_group::MatchAttributes>,
    pub certificate_authority_arn: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TlsInspectionConfigurationResponse {
    #[serde(rename = "TLSInspectionConfigurationArn")]
    pub tls_inspection_configuration_arn: String,
    #[serde(rename = "TLSInspectionConfigurationName")]
    pub tls_inspection_configuration_name: Option<String>,
    #[serde(rename = "TLSInspectionConfigurationId")]
    pub tls_inspection_configuration_id: Option<String>,
    #[serde(rename = "TLSInspectionConfigurationStatus")]
    pub tls_inspection_configuration_status: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}
