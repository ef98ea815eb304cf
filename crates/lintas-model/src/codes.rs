//! Code lists of the data standard. They are data: validation, the API's
//! `GET /api/v1/code-lists` and `docs/data-standard.md` all read these tables
//! (a test keeps the document in step with them).

use serde::Serialize;

/// One permitted value of a coded field.
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct Code {
    /// The value as it appears in records.
    pub code: &'static str,
    /// Short human label.
    pub label: &'static str,
    /// When to use it.
    pub description: &'static str,
}

/// A named list of codes.
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct CodeList {
    /// Name of the list (also the field it governs).
    pub name: &'static str,
    /// What the list classifies.
    pub description: &'static str,
    /// Permitted values.
    #[schema(inline)]
    pub codes: &'static [Code],
}

impl CodeList {
    /// Whether `code` is one of this list's values.
    pub fn contains(&self, code: &str) -> bool {
        self.codes.iter().any(|c| c.code == code)
    }

    /// The permitted values joined for an error message.
    pub fn expected(&self) -> String {
        self.codes
            .iter()
            .map(|c| c.code)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

const fn c(code: &'static str, label: &'static str, description: &'static str) -> Code {
    Code {
        code,
        label,
        description,
    }
}

/// Kind of incident.
pub const INCIDENT_KIND: CodeList = CodeList {
    name: "incident_kind",
    description: "What the incident is primarily about.",
    codes: &[
        c(
            "smuggling",
            "Migrant smuggling",
            "Procuring the irregular entry of a person into a state for a financial or other material benefit (UN Smuggling of Migrants Protocol, art. 3).",
        ),
        c(
            "trafficking",
            "Trafficking in persons",
            "Recruitment, transport, harbouring or receipt of persons by improper means for the purpose of exploitation (UN Trafficking in Persons Protocol, art. 3).",
        ),
        c(
            "document_fraud",
            "Document fraud",
            "Fraudulent, forged, altered, impostor or fraudulently obtained travel or identity documents detected.",
        ),
        c(
            "maritime",
            "Maritime incident",
            "Irregular movement or distress at sea not (yet) classified as smuggling or trafficking, e.g. an interdicted boat or a rescue.",
        ),
        c(
            "other",
            "Other related crime",
            "Other transnational crime related to the Bali Process (e.g. money laundering linked to smuggling).",
        ),
    ],
};

/// Precision of a partial date.
pub const DATE_PRECISION: CodeList = CodeList {
    name: "date_precision",
    description: "How precisely a date is known; written as YYYY, YYYY-MM or YYYY-MM-DD.",
    codes: &[
        c("day", "Day", "The exact day is known (YYYY-MM-DD)."),
        c("month", "Month", "Only the month is known (YYYY-MM)."),
        c("year", "Year", "Only the year is known (YYYY)."),
    ],
};

/// Mode of transport used on the route.
pub const TRANSPORT_MODE: CodeList = CodeList {
    name: "transport_mode",
    description: "Modes of transport used on the route (one or more).",
    codes: &[
        c("air", "Air", "Commercial or private flights."),
        c(
            "sea",
            "Sea",
            "Boats and ships, including river and coastal crossings.",
        ),
        c("land", "Land", "On foot, by road or by rail."),
    ],
};

/// Modus operandi.
pub const MODUS_OPERANDI: CodeList = CodeList {
    name: "modus_operandi",
    description: "How the offence was committed; any number of tags per incident.",
    codes: &[
        c(
            "fraudulent_documents",
            "Fraudulent documents",
            "Forged, counterfeit or altered travel or identity documents were used.",
        ),
        c(
            "impostor_document",
            "Impostor (look-alike)",
            "A genuine document was used by a person other than its rightful holder.",
        ),
        c(
            "fraudulently_obtained_document",
            "Fraudulently obtained document",
            "A genuine document was issued on false information or through corruption.",
        ),
        c(
            "visa_misuse",
            "Visa misuse",
            "A visa was obtained for one purpose (tourism, study) and used for another (work, onward travel).",
        ),
        c(
            "overstaying_visa",
            "Overstaying visa",
            "Entry was regular but the person stayed beyond the permitted period.",
        ),
        c(
            "sea_crossing",
            "Irregular sea crossing",
            "Migrants were moved by boat outside official ports or controls.",
        ),
        c(
            "clandestine_land_crossing",
            "Clandestine land crossing",
            "Crossing a land border away from official crossing points.",
        ),
        c(
            "concealment_in_vehicle",
            "Concealment in vehicle",
            "People were hidden in a vehicle, container or cargo.",
        ),
        c(
            "safe_house",
            "Safe houses",
            "People were held in transit accommodation controlled by the facilitators.",
        ),
        c(
            "deceptive_recruitment",
            "Deceptive recruitment",
            "Victims were recruited with false promises about the job, pay or conditions.",
        ),
        c(
            "online_recruitment",
            "Online recruitment",
            "Recruitment or advertising through social media, messaging apps or job websites.",
        ),
        c(
            "debt_bondage",
            "Debt bondage",
            "A debt (recruitment fees, transport) was used to control the person.",
        ),
        c(
            "document_confiscation",
            "Document confiscation",
            "Identity documents were withheld to control the person.",
        ),
        c(
            "forced_labour",
            "Forced labour",
            "Work exacted under menace of penalty (ILO C029), e.g. in agriculture, construction, domestic work.",
        ),
        c(
            "forced_labour_at_sea",
            "Forced labour at sea",
            "Forced labour on fishing or other vessels.",
        ),
        c(
            "sexual_exploitation",
            "Sexual exploitation",
            "Exploitation of the prostitution of others or other forms of sexual exploitation.",
        ),
        c(
            "forced_criminality",
            "Forced criminality / scam compound",
            "Victims were forced to commit crimes, e.g. online fraud in scam compounds.",
        ),
        c(
            "forced_marriage",
            "Forced or sham marriage",
            "Marriage used to exploit or to obtain residence.",
        ),
        c(
            "corruption_of_officials",
            "Corruption of officials",
            "Officials were bribed or otherwise complicit.",
        ),
        c(
            "informal_value_transfer",
            "Informal value transfer",
            "Fees were paid through hawala or other informal money transfer systems.",
        ),
    ],
};

/// Role of a person in an incident.
pub const PERSON_ROLE: CodeList = CodeList {
    name: "person_role",
    description: "The part a person played in the incident.",
    codes: &[
        c(
            "organiser",
            "Organiser",
            "Plans, finances or directs the smuggling or trafficking operation.",
        ),
        c(
            "facilitator",
            "Facilitator",
            "Recruiter, broker, document supplier, money handler, safe-house keeper.",
        ),
        c(
            "crew",
            "Driver / crew",
            "Drives the vehicle or crews the boat.",
        ),
        c(
            "migrant",
            "Smuggled migrant",
            "A person smuggled or attempting to be smuggled.",
        ),
        c("victim", "Victim", "A (presumed) victim of trafficking."),
        c(
            "suspect",
            "Suspect",
            "A suspect whose role is not yet known.",
        ),
        c("witness", "Witness", "A witness."),
    ],
};

/// Sex as recorded on documents (ICAO 9303).
pub const SEX: CodeList = CodeList {
    name: "sex",
    description: "Sex as recorded in travel documents.",
    codes: &[
        c("F", "Female", "Female."),
        c("M", "Male", "Male."),
        c("X", "Unspecified", "Unspecified (ICAO 9303 'X' or '<')."),
    ],
};

/// Kind of identifier involved in an incident.
pub const IDENTIFIER_KIND: CodeList = CodeList {
    name: "identifier_kind",
    description: "Identifiers involved in an incident: the threads that link cases together.",
    codes: &[
        c(
            "travel_document",
            "Travel document",
            "Passport or other travel document number; `issuer` is its issuing state.",
        ),
        c(
            "national_id",
            "National identity document",
            "National identity card number; `issuer` is its issuing state.",
        ),
        c(
            "phone",
            "Phone number",
            "Telephone number, international format preferred (+CC…).",
        ),
        c("email", "E-mail address", "E-mail address."),
        c(
            "social_handle",
            "Social media handle",
            "Account on a social network or messaging app; `issuer` names the platform.",
        ),
        c(
            "bank_account",
            "Bank account",
            "Bank account or IBAN; `issuer` names the bank or country.",
        ),
        c(
            "vessel_mmsi",
            "Vessel MMSI",
            "Maritime Mobile Service Identity: 9 digits.",
        ),
        c(
            "vessel_imo",
            "Vessel IMO number",
            "IMO ship identification number: 7 digits with check digit.",
        ),
        c(
            "vessel_name",
            "Vessel name",
            "Name of a vessel as painted or reported.",
        ),
        c(
            "vehicle_plate",
            "Vehicle registration",
            "Vehicle number plate; `issuer` is its country.",
        ),
    ],
};

/// Sharing level of a record.
pub const SHARING_LEVEL: CodeList = CodeList {
    name: "sharing_level",
    description: "Who may see a record besides its owner (DESIGN.md, Tenancy and sharing).",
    codes: &[
        c("national", "National", "Only the owning member."),
        c(
            "bilateral",
            "Bilateral",
            "The owning member and the members named in `sharing.states`.",
        ),
        c("regional", "Regional", "All members of the Bali Process."),
        c(
            "aggregate",
            "Aggregate only",
            "Only counts leave the owner, through disclosure control.",
        ),
    ],
};

/// Basis of a smuggling fee.
pub const FEE_BASIS: CodeList = CodeList {
    name: "fee_basis",
    description: "Whether a fee was paid per person or for the whole group.",
    codes: &[
        c("per_person", "Per person", "The amount each migrant paid."),
        c(
            "per_group",
            "Per group",
            "The amount paid for the whole group.",
        ),
    ],
};

/// Status of a document in the lost/stolen/revoked registry: INTERPOL SLTD's statuses plus
/// known-fraudulent (the same set as `lintas_mrz::RegistryStatus`).
pub const DOCUMENT_STATUS: CodeList = CodeList {
    name: "document_status",
    description: "Why a travel document is in the lost/stolen/revoked registry (docs/checks.md).",
    codes: &[
        c("lost", "Lost", "Reported lost by the holder."),
        c("stolen", "Stolen", "Reported stolen after issue."),
        c(
            "stolen_blank",
            "Stolen blank",
            "A blank document stolen before personalisation.",
        ),
        c("revoked", "Revoked", "Revoked by the issuing authority."),
        c(
            "invalid",
            "Invalid",
            "Declared invalid (e.g. cancelled on renewal).",
        ),
        c(
            "known_fraudulent",
            "Known fraudulent",
            "A counterfeit or forged document seen in a case.",
        ),
    ],
};

/// Every code list, for the API and the documentation.
pub const ALL: &[CodeList] = &[
    INCIDENT_KIND,
    DATE_PRECISION,
    TRANSPORT_MODE,
    MODUS_OPERANDI,
    PERSON_ROLE,
    SEX,
    IDENTIFIER_KIND,
    SHARING_LEVEL,
    FEE_BASIS,
    DOCUMENT_STATUS,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case_within_each_list() {
        for list in ALL {
            let mut seen = std::collections::HashSet::new();
            for code in list.codes {
                assert!(
                    seen.insert(code.code),
                    "{} repeats {}",
                    list.name,
                    code.code
                );
                assert!(
                    code.code
                        .chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
                );
            }
        }
    }

    /// The data standard document must describe every code the software accepts.
    #[test]
    fn data_standard_document_lists_every_code() {
        let doc = include_str!("../../../docs/data-standard.md");
        for list in ALL {
            assert!(
                doc.contains(&format!("`{}`", list.name)),
                "docs/data-standard.md lacks list {}",
                list.name
            );
            for code in list.codes {
                assert!(
                    doc.contains(&format!("| `{}` |", code.code)),
                    "docs/data-standard.md lacks code {} of {}",
                    code.code,
                    list.name
                );
            }
        }
    }
}
