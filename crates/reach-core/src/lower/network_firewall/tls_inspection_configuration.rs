//! TLS inspection configurations (`describe-tls-inspection-configuration`): the scopes of
//! their server certificates.

use crate::collect::Entry;
use crate::ids::*;
use crate::lower::Lowering;
use crate::model::*;

pub(crate) fn lower(lowering: &mut Lowering<'_>) {
    let Lowering {
        input: c, snapshot, ..
    } = lowering;
    for (
        arn,
        Entry {
            value: described,
            origin,
        },
    ) in c.tls_inspection_configurations.iter()
    {
        snapshot.tls_inspection_configurations.insert(
            TlsInspectionConfigurationArn::new(arn),
            TlsInspectionConfiguration {
                arn: TlsInspectionConfigurationArn::new(arn),
                name: described
                    .tls_inspection_configuration_response
                    .tls_inspection_configuration_name
                    .clone(),
                scopes: described
                    .tls_inspection_configuration
                    .iter()
                    .flat_map(|configuration| &configuration.server_certificate_configurations)
                    .flat_map(|certificate| {
                        certificate
                            .scopes
                            .iter()
                            .map(crate::lower::match_attributes)
                    })
                    .collect(),
                origin: origin.clone(),
            },
        );
    }
}
