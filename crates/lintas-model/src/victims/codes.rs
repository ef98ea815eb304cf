//! The picklists of IOM's Human Trafficking Case Data Standard (HTCDS) v2.0, value for value and
//! label for label as the standard's field standards write them, plus the values and fields
//! Lintas adds (each marked `extension`). `tests/htcds_standard.rs` re-reads the standard's own
//! files and fails if these tables and the standard disagree.
//!
//! HTCDS is by IOM, CC BY 4.0 (see `../shared/data/htcds/LICENSE.md`); IOM does not endorse Lintas.

use serde::Serialize;

/// One permitted value of an HTCDS picklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Value {
    /// The value name, as records hold it (`DebtBondage`).
    pub code: &'static str,
    /// The human label (`Debt bondage`).
    pub label: &'static str,
    /// True for values Lintas adds to the standard's list.
    pub extension: bool,
}

/// A picklist field of the standard (or of ours, when `extension`).
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct Picklist {
    /// The field name with its table prefix (`vic_MethodsOfControl`).
    pub field: &'static str,
    /// The field's human label.
    pub label: &'static str,
    /// Whether a record may hold several values (`;`-separated in flat files).
    pub multiple: bool,
    /// True when the whole field is a Lintas addition.
    pub extension: bool,
    /// Permitted values, in the standard's order, ours last.
    #[schema(inline)]
    pub values: &'static [Value],
}

impl Picklist {
    /// The value with this exact code.
    pub fn get(&self, code: &str) -> Option<&'static Value> {
        self.values.iter().find(|v| v.code == code)
    }

    /// Whether `code` is one of this list's values, exactly as written.
    pub fn contains(&self, code: &str) -> bool {
        self.get(code).is_some()
    }

    /// The canonical code for what a person typed: the code itself, or the code or the label
    /// in any letter case with surrounding spaces ignored (spreadsheets filled by hand hold
    /// `Follow Up` as often as `FollowUp`).
    pub fn resolve(&self, typed: &str) -> Option<&'static str> {
        let t = typed.trim();
        self.get(t)
            .or_else(|| {
                self.values
                    .iter()
                    .find(|v| v.code.eq_ignore_ascii_case(t) || v.label.eq_ignore_ascii_case(t))
            })
            .map(|v| v.code)
    }

    /// The permitted codes joined for an error message.
    pub fn expected(&self) -> String {
        self.values
            .iter()
            .map(|v| v.code)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

const fn h(code: &'static str, label: &'static str) -> Value {
    Value {
        code,
        label,
        extension: false,
    }
}

const fn ours(code: &'static str, label: &'static str) -> Value {
    Value {
        code,
        label,
        extension: true,
    }
}

/// `org_Type` (Picklist).
pub const ORG_TYPE: Picklist = Picklist {
    field: "org_Type",
    label: "Type",
    multiple: false,
    extension: false,
    values: &[
        h("NGO", "NGO"),
        h("LawEnforcement", "Law Enforcement"),
        h("HealthServiceOrganisation", "Health Service Organisation"),
        h(
            "CentralGovernmentOrganisation",
            "Central Government Organisation",
        ),
        h(
            "LocalGovernmentOrganisation",
            "Local Government Organisation",
        ),
        h("ImmigrationService", "Immigration Service"),
        h("LegalService", "Legal Service"),
        h("CorporateBusiness", "Corporate Business"),
        h("SchoolOrCollege", "School or College"),
    ],
};

/// `prs_Gender` (Picklist).
pub const PRS_GENDER: Picklist = Picklist {
    field: "prs_Gender",
    label: "Gender",
    multiple: false,
    extension: false,
    values: &[
        h("Feminine", "Feminine"),
        h("Masculine", "Masculine"),
        h("TransgenderFeminine", "Transgender Feminine"),
        h("TransgenderMasculine", "Transgender Masculine"),
        h("NonConforming", "Non-Conforming"),
        h("NonSpecifiedUnknown", "Not Specified/Unknown"),
    ],
};

/// `prs_MaritalStatus` (Picklist).
pub const PRS_MARITAL_STATUS: Picklist = Picklist {
    field: "prs_MaritalStatus",
    label: "Marital Status",
    multiple: false,
    extension: false,
    values: &[
        h("Single", "Single"),
        h("Married", "Married"),
        h("Widowed", "Widowed"),
        h("Divorced", "Divorced"),
        h("Separated", "Separated"),
        h("RegisteredPartnership", "Registered Partnership"),
    ],
};

/// `prs_HighestLevelOfEducation` (Picklist).
pub const PRS_HIGHEST_LEVEL_OF_EDUCATION: Picklist = Picklist {
    field: "prs_HighestLevelOfEducation",
    label: "Highest Level of Education",
    multiple: false,
    extension: false,
    values: &[
        h("EarlyChildhoodEducation", "Early Childhood Education"),
        h("PrimaryEducation", "Primary Education"),
        h("LowerSecondaryEducation", "Lower Secondary Education"),
        h("UpperSecondaryEducation", "Upper Secondary Education"),
        h(
            "PostSecondaryNonTertiaryEducation",
            "Post-secondary Non-tertiary Education",
        ),
        h(
            "ShortCycleTertiaryEducation",
            "Short-cycle Tertiary Education",
        ),
        h(
            "BachelorsOrEquivalentLevel",
            "Bachelor’s or Equivalent Level",
        ),
        h("MastersOrEquivalentLevel", "Master’s or Equivalent Level"),
        h("DoctoralOrEquivalentLevel", "Doctoral or Equivalent Level"),
    ],
};

/// `vic_TraffickingStatus` (Picklist).
pub const VIC_TRAFFICKING_STATUS: Picklist = Picklist {
    field: "vic_TraffickingStatus",
    label: "Trafficking Status",
    multiple: false,
    extension: false,
    values: &[
        h(
            "PossibleVictimOfTrafficking",
            "Possible victim of trafficking",
        ),
        h("ActualVictimOfTrafficking", "Actual victim of trafficking"),
        h("NotAVictimOfTrafficking", "Not a victim of trafficking"),
    ],
};

/// `vic_TraffickingStatusDecisionMakingOrg` (Picklist).
pub const VIC_TRAFFICKING_STATUS_DECISION_MAKING_ORG: Picklist = Picklist {
    field: "vic_TraffickingStatusDecisionMakingOrg",
    label: "Trafficking Status Decision Making Organization",
    multiple: false,
    extension: false,
    values: &[
        h("Police", "Police"),
        h("NGO", "NGO"),
        h("CourtOrProsecution", "Court or prosecution"),
        h(
            "NonPoliceGovernmentalOrganization",
            "Non-police governmental organization",
        ),
        h("Other", "Other"),
    ],
};

/// `vic_RelationshipToTrafficker` (Picklist).
pub const VIC_RELATIONSHIP_TO_TRAFFICKER: Picklist = Picklist {
    field: "vic_RelationshipToTrafficker",
    label: "Relationship to Trafficker",
    multiple: false,
    extension: false,
    values: &[
        h("Familial", "Familial"),
        h("Acquainted", "Acquainted"),
        h("Unaquainted", "Unaquainted"),
    ],
};

/// `vic_RecruitmentWebsitesAndApps` (Multiselect Picklist).
pub const VIC_RECRUITMENT_WEBSITES_AND_APPS: Picklist = Picklist {
    field: "vic_RecruitmentWebsitesAndApps",
    label: "Recruitment Websites and Apps",
    multiple: true,
    extension: false,
    values: &[
        h("Facebook", "Facebook"),
        h("Instagram", "Instagram"),
        h("WhatsApp", "WhatsApp"),
        h("Telegram", "Telegram"),
        h("FacebookMessenger", "Facebook Messenger"),
        h("Viber", "Viber"),
        h("SnapChat", "SnapChat"),
        h("Line", "Line"),
        h("4Sale", "4Sale"),
        h("WeChat", "WeChat"),
        h("QQ", "QQ"),
        h("QZone", "QZone"),
        h("TikTok", "TikTok"),
        h("Twitter", "Twitter"),
        h("Other", "Other"),
    ],
};

/// `vic_MethodOfRecruitment` (Multiselect Picklist).
pub const VIC_METHOD_OF_RECRUITMENT: Picklist = Picklist {
    field: "vic_MethodOfRecruitment",
    label: "Method of Recruitment",
    multiple: true,
    extension: false,
    values: &[
        h("AtAPlaceOfBusiness", "At a place of business"),
        h(
            "AtAnEducationalInstitution",
            "At an educational institution",
        ),
        h("AtWork", "At work"),
        h(
            "ThroughOnlineSocialNetworks",
            "Through online social networks",
        ),
        h(
            "ThroughAnOnlineAdvertisement",
            "Through an online advertisement",
        ),
        h("ThroughATelevisionAdvert", "Through a television advert"),
        h("ThroughANewspaperAdvert", "Through a newspaper advert"),
        h(
            "ThroughFamilyOrFamilyEvents",
            "Through family or family events",
        ),
        h(
            "ThroughFriendsOrSocialEvents",
            "Through friends or social events",
        ),
        h("Other", "Other"),
    ],
};

/// `vic_MethodsOfControl` (Multiselect Picklist).
pub const VIC_METHODS_OF_CONTROL: Picklist = Picklist {
    field: "vic_MethodsOfControl",
    label: "Methods of Control",
    multiple: true,
    extension: false,
    values: &[
        h("PhysicalThreats", "Physical threats"),
        h("ThreatsLawEnforcement", "Threats of law enforcement"),
        h("ThreatensChildrenFamily", "Threatens children/family"),
        h("DebtBondage", "Debt bondage"),
        h("FalsePromises", "False promises"),
        h("PhysicalAbuse", "Physical abuse"),
        h("SexualAbuse", "Sexual abuse"),
        h("TakesEarnings", "Takes earnings"),
        h("RestrictsFinancialAccess", "Restricts financial access"),
        h("RestrictsMedicalCare", "Restricts medical care"),
        h("WithholdsNecessities", "Withholds necessities"),
        h("PsychologicalAbuse", "Psychological abuse"),
        h("PsychoactiveSubstance", "Psychoactive substance"),
        h("ExcessiveWorkingHours", "Excessive working hours"),
        h("WithholdsDocuments", "Withholds documents"),
        h("Other", "Other"),
    ],
};

/// `vic_TypeOfExploitation` (Multiselect Picklist).
pub const VIC_TYPE_OF_EXPLOITATION: Picklist = Picklist {
    field: "vic_TypeOfExploitation",
    label: "Type of Exploitation",
    multiple: true,
    extension: false,
    values: &[
        h("ForcedLabour", "Forced labour"),
        h("SexualExploitation", "Sexual exploitation"),
        h("ChildLabour", "Child labour"),
        h("ForcedMarriage", "Forced marriage"),
        h("Servitude", "Servitude"),
        h(
            "ForcedMilitaryByNonStateActors",
            "Forced military (by non-state actors)",
        ),
        h("OrganRemoval", "Organ removal"),
        h("ForcedBegging", "Forced begging"),
        h("ForcedAdoption", "Forced adoption"),
        h("Surrogacy", "Surrogacy"),
        h("Other", "Other"),
        // HTCDS has no type for people forced to commit crimes (scam compounds); its issue 28
        // asks for one. Until the standard adds it, this value is ours.
        ours("ForcedCriminality", "Forced criminality"),
    ],
};

/// `vic_ForcedLabourIndustry`: ISIC Rev. 4 sections. The field standards call it a picklist,
/// the standard's XLSForm a multiple select; several sectors are accepted, as the form does.
pub const VIC_FORCED_LABOUR_INDUSTRY: Picklist = Picklist {
    field: "vic_ForcedLabourIndustry",
    label: "Forced Labour Industry",
    multiple: true,
    extension: false,
    values: &[
        h(
            "A_AgricultureForestryAndFishing",
            "Agriculture, forestry and fishing",
        ),
        h("B_MiningAndQuarrying", "Mining and quarrying"),
        h("C_Manufacturing", "Manufacturing"),
        h(
            "D_ElectricityGasSteamAndAirConditioningSupply",
            "Electricity, gas, steam and air conditioning supply",
        ),
        h(
            "E_WaterSupplySewerageWasteManagement",
            "Water supply; sewerage, waste management and remediation",
        ),
        h("F_Construction", "Construction"),
        h(
            "G_WholesaleAndRetailTradeRepairOfMotorVehicles",
            "Wholesale and retail trade; repair of motor vehicles and motorcycles",
        ),
        h("H_TransportationAndStorage", "Transportation and storage"),
        h(
            "I_AccommodationAndFoodServiceActivities",
            "Accommodation and food service activities",
        ),
        h(
            "J_InformationAndCommunication",
            "Information and communication",
        ),
        h(
            "K_FinancialAndInsuranceActivities",
            "Financial and insurance activities",
        ),
        h("L_RealEstateActivities", "Real estate activities"),
        h(
            "M_ProfessionalScientificAndTechnicalActivities",
            "Professional, scientific and technical activities",
        ),
        h(
            "N_AdministrativeAndSupportServiceActivities",
            "Administrative and support service activities",
        ),
        h(
            "O_PublicAdministrationAndDefence",
            "Public administration and defence; compulsory social security",
        ),
        h("P_Education", "Education"),
        h(
            "Q_HumanHealthAndSocialWorkActivities",
            "Human health and social work activities",
        ),
        h(
            "R_ArtsEntertainmentAndRecreation",
            "Arts, entertainment and recreation",
        ),
        h("S_OtherServiceActivities", "Other service activities"),
        h(
            "T_ActivitiesOfHouseholdsAsEmployers",
            "Activities of households as employers; undifferentiated goods- and services- producing activities of households for own use",
        ),
        h(
            "U_ActivitiesOfExtraterritorialOrganizations",
            "Activities of extraterritorial organizations and bodies",
        ),
    ],
};

/// `vic_TypeOfSexExploitation` (Multiselect Picklist).
pub const VIC_TYPE_OF_SEX_EXPLOITATION: Picklist = Picklist {
    field: "vic_TypeOfSexExploitation",
    label: "Type of Sex Exploitation",
    multiple: true,
    extension: false,
    values: &[
        h("Prostitution", "Prostitution"),
        h("Pornography", "Pornography"),
        h("RemoteInteractiveServices", "Remote Interactive Services"),
        h("PrivateSexualServices", "Private Sexual Services"),
    ],
};

/// `vic_ExploitationWebsitesAndApps` (Multiselect Picklist).
pub const VIC_EXPLOITATION_WEBSITES_AND_APPS: Picklist = Picklist {
    field: "vic_ExploitationWebsitesAndApps",
    label: "Exploitation Websites and Apps",
    multiple: true,
    extension: false,
    values: &[
        h("Facebook", "Facebook"),
        h("Instagram", "Instagram"),
        h("WhatsApp", "WhatsApp"),
        h("Telegram", "Telegram"),
        h("FacebookMessenger", "Facebook Messenger"),
        h("Viber", "Viber"),
        h("SnapChat", "SnapChat"),
        h("Line", "Line"),
        h("4Sale", "4Sale"),
        h("WeChat", "WeChat"),
        h("QQ", "QQ"),
        h("QZone", "QZone"),
        h("TikTok", "TikTok"),
        h("Twitter", "Twitter"),
        h("Other", "Other"),
    ],
};

/// `vic_Vulnerabilities` (Multiselect Picklist, deprecated in HTCDS 2.0).
pub const VIC_VULNERABILITIES: Picklist = Picklist {
    field: "vic_Vulnerabilities",
    label: "Vulnerabilities",
    multiple: true,
    extension: false,
    values: &[
        h("Addiction", "Addiction"),
        h("SocialGroup", "Social Group"),
        h("Discrimination", "Discrimination"),
        h("Poverty", "Poverty"),
        h(
            "DisabilityAndPhysicalHealth",
            "Disability and physical health",
        ),
        h("MentalHealth", "Mental health"),
        h("Migration", "Migration"),
        h("Homelessness", "Homelessness"),
        h("AbuseSocialMedia", "Abuse - social media"),
        h("AbusePhysical", "Abuse - physical"),
        h("Education", "Education"),
        h("WorkEnvironment", "Work environment"),
    ],
};

/// `per_RoleInProcess` (Multiselect Picklist).
pub const PER_ROLE_IN_PROCESS: Picklist = Picklist {
    field: "per_RoleInProcess",
    label: "Role in Process",
    multiple: true,
    extension: false,
    values: &[
        h("TravellingPartner", "Travelling Partner"),
        h("Transporter", "Transporter"),
        h("RecruiterOrIntermediary", "Recruiter Or Intermediary"),
        h("BrokerTravelAgent", "Broker Travel Agent"),
        h("TransferredIndividual", "Transferred Individual"),
        h("HarbouredIndividual", "Harboured Individual"),
        h("SoldIndividual", "Sold Individual"),
        h("BoughtIndividual", "Bought Individual"),
        h("ReceivedIndividual", "Received Individual"),
        h("ControlledIndividual", "Controlled Individual"),
        h("Smuggler", "Smuggler"),
        h("Abuser", "Abuser"),
        h("Kidnapper", "Kidnapper"),
        h("Exploiter", "Exploiter"),
        h("Other", "Other"),
    ],
};

/// `cas_Status` (Picklist).
pub const CAS_STATUS: Picklist = Picklist {
    field: "cas_Status",
    label: "Status",
    multiple: false,
    extension: false,
    values: &[
        h("Active", "Active"),
        h("FollowUp", "Follow Up"),
        h("Closed", "Closed"),
        h("ClosedReferred", "Closed Referred"),
    ],
};

/// `cas_ReasonForIncomingReferral` (Picklist).
pub const CAS_REASON_FOR_INCOMING_REFERRAL: Picklist = Picklist {
    field: "cas_ReasonForIncomingReferral",
    label: "Reason for Incoming Referral",
    multiple: false,
    extension: false,
    values: &[
        h("AdditionalServicesRequired", "Additional Services Required"),
        h(
            "MigrationOrChangeOfLocation",
            "Migration or Change of Location",
        ),
        h("Other", "Other"),
    ],
};

/// `cas_ReasonForOutgoingReferral` (Picklist).
pub const CAS_REASON_FOR_OUTGOING_REFERRAL: Picklist = Picklist {
    field: "cas_ReasonForOutgoingReferral",
    label: "Reason for Outgoing Referral",
    multiple: false,
    extension: false,
    values: &[
        h("AdditionalServicesRequired", "Additional Services Required"),
        h(
            "MigrationOrChangeOfLocation",
            "Migration or Change of Location",
        ),
        h("Other", "Other"),
    ],
};

/// `hte_Type` (Picklist).
pub const HTE_TYPE: Picklist = Picklist {
    field: "hte_Type",
    label: "Type",
    multiple: false,
    extension: false,
    values: &[
        h("Recruitment", "Recruitment"),
        h("Transit", "Transit"),
        h("Exploitation", "Exploitation"),
    ],
};

/// `spl_Type` (Picklist).
pub const SPL_TYPE: Picklist = Picklist {
    field: "spl_Type",
    label: "Type",
    multiple: false,
    extension: false,
    values: &[
        h("Education", "Education"),
        h("Financial", "Financial"),
        h("Health", "Health"),
        h(
            "LabourExploitationRehabilitation",
            "Labour Exploitation Rehabilitation",
        ),
        h("Legal", "Legal"),
        h("Livelihood", "Livelihood"),
        h("RightsBasedTraining", "Rights-based Training"),
        h(
            "SexualExploitationRehabilitation",
            "Sexual Exploitation Rehabilitation",
        ),
        h("SocialCare", "Social Care"),
    ],
};

/// `vic_ForcedCriminalityIndicators` (ours): what was observed of trafficking for forced
/// criminality, after UNODC's *Key Indicators of TIP for Forced Criminality* (2023, attached to
/// HTCDS issue 28), grouped by the Protocol's three elements: `Act_`, `Means_`, `Purpose_`.
/// The labels are our short wording of UNODC's indicators.
pub const VIC_FORCED_CRIMINALITY_INDICATORS: Picklist = Picklist {
    field: "vic_ForcedCriminalityIndicators",
    label: "Forced Criminality Indicators",
    multiple: true,
    extension: true,
    values: &[
        ours(
            "Act_RecruitedOnlineJobAdvert",
            "Recruited through an online job advertisement or social media",
        ),
        ours(
            "Act_RecruitedByAcquaintance",
            "Recruited through an acquaintance, friend or relative",
        ),
        ours(
            "Act_TravelArrangedByRecruiter",
            "Travel and visa arranged or paid by the recruiter",
        ),
        ours(
            "Act_MovedAcrossBorderIrregularly",
            "Moved across a border irregularly or handed between escorts",
        ),
        ours(
            "Act_HarbouredInCompound",
            "Held in a guarded compound or closed site",
        ),
        ours(
            "Act_SoldOrTransferred",
            "Sold or transferred between compounds or employers",
        ),
        ours(
            "Means_DeceivedAboutJob",
            "Deceived about the nature of the job, the employer or its location",
        ),
        ours(
            "Means_DocumentsOrPhoneConfiscated",
            "Passport, identity documents or phone taken",
        ),
        ours(
            "Means_DebtOrRansom",
            "Debt imposed for travel, food or fines, or ransom demanded for release",
        ),
        ours(
            "Means_MovementRestricted",
            "Movement restricted, confined or watched by guards",
        ),
        ours(
            "Means_ViolenceOrTorture",
            "Physical or sexual violence, torture or punishment",
        ),
        ours(
            "Means_Threats",
            "Threats of violence, of sale, or against family",
        ),
        ours(
            "Means_AbuseOfVulnerability",
            "Abuse of irregular status, language, isolation or lack of money",
        ),
        ours(
            "Purpose_ForcedOnlineScams",
            "Forced to carry out online scams (romance, investment, cryptocurrency fraud)",
        ),
        ours(
            "Purpose_ForcedOtherCrime",
            "Forced into other crime (illegal gambling, money laundering, drugs)",
        ),
        ours(
            "Purpose_QuotasWithPunishment",
            "Set targets or quotas with punishment when they are missed",
        ),
        ours(
            "Purpose_ForcedToRecruitOthers",
            "Forced to recruit other victims",
        ),
        ours(
            "Purpose_WagesWithheld",
            "Wages withheld, unpaid or swallowed by deductions",
        ),
        ours(
            "Purpose_ExcessiveHours",
            "Excessive working hours with no rest days",
        ),
    ],
};

/// Every picklist: the standard's (including the one it deprecates) and ours.
pub const ALL: &[Picklist] = &[
    ORG_TYPE,
    PRS_GENDER,
    PRS_MARITAL_STATUS,
    PRS_HIGHEST_LEVEL_OF_EDUCATION,
    VIC_TRAFFICKING_STATUS,
    VIC_TRAFFICKING_STATUS_DECISION_MAKING_ORG,
    VIC_RELATIONSHIP_TO_TRAFFICKER,
    VIC_RECRUITMENT_WEBSITES_AND_APPS,
    VIC_METHOD_OF_RECRUITMENT,
    VIC_METHODS_OF_CONTROL,
    VIC_TYPE_OF_EXPLOITATION,
    VIC_FORCED_LABOUR_INDUSTRY,
    VIC_TYPE_OF_SEX_EXPLOITATION,
    VIC_EXPLOITATION_WEBSITES_AND_APPS,
    VIC_VULNERABILITIES,
    VIC_FORCED_CRIMINALITY_INDICATORS,
    PER_ROLE_IN_PROCESS,
    CAS_STATUS,
    CAS_REASON_FOR_INCOMING_REFERRAL,
    CAS_REASON_FOR_OUTGOING_REFERRAL,
    HTE_TYPE,
    SPL_TYPE,
];

/// The picklist governing `field` (`vic_MethodsOfControl`), if it is one.
pub fn picklist(field: &str) -> Option<&'static Picklist> {
    ALL.iter().find(|p| p.field == field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_extensions_marked() {
        for list in ALL {
            let mut seen = std::collections::HashSet::new();
            for v in list.values {
                assert!(seen.insert(v.code), "{} repeats {}", list.field, v.code);
                assert!(!v.label.is_empty() && v.label.trim() == v.label);
                assert!(
                    v.code
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_')
                );
                if list.extension {
                    assert!(
                        v.extension,
                        "{} of our list {} is not marked",
                        v.code, list.field
                    );
                }
            }
        }
        let fc = VIC_TYPE_OF_EXPLOITATION.get("ForcedCriminality").unwrap();
        assert!(fc.extension);
        assert!(
            !VIC_TYPE_OF_EXPLOITATION
                .get("ForcedLabour")
                .unwrap()
                .extension
        );
    }

    /// docs/victims.md describes every value, indicator and column the software accepts.
    #[test]
    fn victims_document_lists_everything() {
        use super::super::{flat, ilo};
        let doc = include_str!("../../../../docs/victims.md");
        for list in ALL {
            assert!(
                doc.contains(&format!("### `{}`", list.field)),
                "{}",
                list.field
            );
            for v in list.values {
                let ours = if v.extension { "ours" } else { "" };
                let row = format!("| `{}` | {} | {ours} |", v.code, v.label);
                assert!(doc.contains(&row), "docs/victims.md lacks {row}");
            }
        }
        let name = |s: ilo::Strength| match s {
            ilo::Strength::Strong => "strong",
            ilo::Strength::Medium => "medium",
            ilo::Strength::Weak => "weak",
        };
        for ind in ilo::ADULT_LABOUR {
            let sexual = ilo::Profile::AdultSexual
                .indicator(ind.code)
                .map(|i| i.strength);
            let row = format!(
                "| `{}` | {} | {} | {} |",
                ind.code,
                ind.label,
                name(ind.strength),
                sexual.map_or("", name)
            );
            assert!(doc.contains(&row), "docs/victims.md lacks {row}");
        }
        for c in flat::COLUMNS {
            assert!(doc.contains(&format!("`{}`", c.name)), "{}", c.name);
        }
    }

    #[test]
    fn resolve_accepts_codes_and_labels_in_any_case() {
        assert_eq!(CAS_STATUS.resolve("Follow Up"), Some("FollowUp"));
        assert_eq!(
            CAS_STATUS.resolve(" closedreferred "),
            Some("ClosedReferred")
        );
        assert_eq!(
            VIC_METHODS_OF_CONTROL.resolve("DebtBondage "),
            Some("DebtBondage")
        );
        assert_eq!(CAS_STATUS.resolve("Open"), None);
    }
}
