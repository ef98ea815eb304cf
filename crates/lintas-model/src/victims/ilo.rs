//! Identification: the ILO's *Operational indicators of trafficking in human beings* (ILO and
//! European Commission, Delphi survey, March 2009, revised September 2009; WCMS_105023) for
//! adults, in labour and in sexual exploitation, and the decision rule that turns the ticked
//! indicators into a suggestion: not indicated, possible victim, or presumed victim.
//!
//! Each indicator belongs to one of six dimensions of the Palermo Protocol's definition and is
//! strong, medium or weak. The rule, from the brochure's "how to use" section:
//! - a dimension is **positive** when it holds at least two strong indicators, or one strong
//!   and one medium or weak, or three medium, or two medium and one weak;
//! - a person is a **presumed victim** when recruitment is positive (deceptive, coercive or by
//!   abuse of vulnerability), exploitation is positive, and coercion or abuse of vulnerability
//!   at destination is positive.
//!
//! Below that, Lintas suggests **possible victim** when any dimension is positive or any strong
//! indicator is ticked: one strong sign is reason enough to keep screening (our rule, not the
//! ILO's). A suggestion never sets HTCDS's `ActualVictimOfTrafficking`: that status records a
//! decision, taken and recorded by an organisation (`vic_TraffickingStatusDecisionMakingOrg`).

use serde::{Deserialize, Serialize};

use crate::FieldError;

/// Which of the ILO's lists applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    /// Adults, trafficking for labour exploitation (67 indicators).
    AdultLabour,
    /// Adults, trafficking for sexual exploitation.
    AdultSexual,
}

/// The six elements of the trafficking definition the indicators are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// Deception during recruitment, transfer and transportation (codes `DR_`).
    DeceptiveRecruitment,
    /// Coercion during recruitment, transfer and transportation (`CR_`).
    CoerciveRecruitment,
    /// Recruitment by abuse of vulnerability (`VR_`).
    AbuseOfVulnerabilityAtRecruitment,
    /// Exploitative conditions of work (`EX_`).
    ExploitativeConditions,
    /// Coercion at destination (`CD_`).
    CoercionAtDestination,
    /// Abuse of vulnerability at destination (`VD_`).
    AbuseOfVulnerabilityAtDestination,
}

impl Dimension {
    /// All six, in the ILO's order.
    pub const ALL: [Dimension; 6] = [
        Dimension::DeceptiveRecruitment,
        Dimension::CoerciveRecruitment,
        Dimension::AbuseOfVulnerabilityAtRecruitment,
        Dimension::ExploitativeConditions,
        Dimension::CoercionAtDestination,
        Dimension::AbuseOfVulnerabilityAtDestination,
    ];

    /// The human label.
    pub fn label(self) -> &'static str {
        match self {
            Dimension::DeceptiveRecruitment => "Deceptive recruitment",
            Dimension::CoerciveRecruitment => "Coercive recruitment",
            Dimension::AbuseOfVulnerabilityAtRecruitment => "Recruitment by abuse of vulnerability",
            Dimension::ExploitativeConditions => "Exploitative conditions of work",
            Dimension::CoercionAtDestination => "Coercion at destination",
            Dimension::AbuseOfVulnerabilityAtDestination => "Abuse of vulnerability at destination",
        }
    }

    /// The code prefix of its indicators (`DR_`).
    pub fn prefix(self) -> &'static str {
        match self {
            Dimension::DeceptiveRecruitment => "DR_",
            Dimension::CoerciveRecruitment => "CR_",
            Dimension::AbuseOfVulnerabilityAtRecruitment => "VR_",
            Dimension::ExploitativeConditions => "EX_",
            Dimension::CoercionAtDestination => "CD_",
            Dimension::AbuseOfVulnerabilityAtDestination => "VD_",
        }
    }
}

/// How strongly an indicator points to trafficking, as the Delphi experts agreed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    /// Strong indicator.
    Strong,
    /// Medium indicator.
    Medium,
    /// Weak indicator.
    Weak,
}

/// One operational indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Indicator {
    /// Stable code: dimension prefix and name (`CD_DebtBondage`).
    pub code: &'static str,
    /// The ILO's wording.
    pub label: &'static str,
    /// The dimension it belongs to.
    pub dimension: Dimension,
    /// Its strength in this profile.
    pub strength: Strength,
}

const fn i(code: &'static str, label: &'static str, strength: Strength) -> Indicator {
    let dimension = match code.as_bytes() {
        [b'D', b'R', ..] => Dimension::DeceptiveRecruitment,
        [b'C', b'R', ..] => Dimension::CoerciveRecruitment,
        [b'V', b'R', ..] => Dimension::AbuseOfVulnerabilityAtRecruitment,
        [b'E', b'X', ..] => Dimension::ExploitativeConditions,
        [b'C', b'D', ..] => Dimension::CoercionAtDestination,
        _ => Dimension::AbuseOfVulnerabilityAtDestination,
    };
    Indicator {
        code,
        label,
        dimension,
        strength,
    }
}

use Strength::{Medium as M, Strong as S, Weak as W};

/// Adults, labour exploitation: 10 + 10 + 16 + 9 + 15 + 7 indicators.
pub const ADULT_LABOUR: &[Indicator] = &[
    i(
        "DR_DeceivedNatureOfJob",
        "Deceived about the nature of the job, location or employer",
        S,
    ),
    i(
        "DR_DeceivedConditionsOfWork",
        "Deceived about conditions of work",
        M,
    ),
    i(
        "DR_DeceivedContract",
        "Deceived about content or legality of work contract",
        M,
    ),
    i(
        "DR_DeceivedFamilyReunification",
        "Deceived about family reunification",
        M,
    ),
    i(
        "DR_DeceivedHousing",
        "Deceived about housing and living conditions",
        M,
    ),
    i(
        "DR_DeceivedLegalDocumentation",
        "Deceived about legal documentation or obtaining legal migrant status",
        M,
    ),
    i(
        "DR_DeceivedTravelAndRecruitment",
        "Deceived about travel and recruitment conditions",
        M,
    ),
    i("DR_DeceivedWages", "Deceived about wages/earnings", M),
    i(
        "DR_DeceivedMarriageOrAdoption",
        "Deceived through promises of marriage or adoption",
        M,
    ),
    i(
        "DR_DeceivedEducation",
        "Deceived about access to education opportunities",
        W,
    ),
    i("CR_ViolenceOnVictims", "Violence on victims", S),
    i(
        "CR_AbductionOrSale",
        "Abduction, forced marriage, forced adoption or selling of victim",
        M,
    ),
    i("CR_ConfiscationOfDocuments", "Confiscation of documents", M),
    i("CR_DebtBondage", "Debt bondage", M),
    i("CR_Isolation", "Isolation, confinement or surveillance", M),
    i(
        "CR_ThreatOfDenunciation",
        "Threat of denunciation to authorities",
        M,
    ),
    i(
        "CR_ThreatOfViolence",
        "Threats of violence against victim",
        M,
    ),
    i(
        "CR_ThreatToInformFamily",
        "Threat to inform family, community or public",
        M,
    ),
    i(
        "CR_ViolenceOnFamily",
        "Violence on family (threats or effective)",
        M,
    ),
    i("CR_WithholdingOfMoney", "Withholding of money", M),
    i(
        "VR_DifficultFamilySituation",
        "Abuse of difficult family situation",
        M,
    ),
    i("VR_IllegalStatus", "Abuse of illegal status", M),
    i(
        "VR_LackOfEducation",
        "Abuse of lack of education (language)",
        M,
    ),
    i("VR_LackOfInformation", "Abuse of lack of information", M),
    i("VR_ControlOfExploiters", "Control of exploiters", M),
    i("VR_EconomicReasons", "Economic reasons", M),
    i(
        "VR_FalseInformationAboutLaw",
        "False information about law, attitude of authorities",
        M,
    ),
    i(
        "VR_FalseInformationAboutMigration",
        "False information about successful migration",
        M,
    ),
    i("VR_FamilySituation", "Family situation", M),
    i("VR_PersonalSituation", "Personal situation", M),
    i(
        "VR_EmotionalDependency",
        "Psychological and emotional dependency",
        M,
    ),
    i(
        "VR_RelationshipWithAuthorities",
        "Relationship with authorities/legal status",
        M,
    ),
    i("VR_DifficultiesInThePast", "Difficulties in the past", M),
    i(
        "VR_DifficultyToOrganiseTravel",
        "Difficulty to organise the travel",
        M,
    ),
    i(
        "VR_CulturalReligiousBeliefs",
        "Abuse of cultural/religious beliefs",
        W,
    ),
    i("VR_GeneralContext", "General context", W),
    i("EX_ExcessiveHours", "Excessive working days or hours", S),
    i("EX_BadLivingConditions", "Bad living conditions", M),
    i("EX_HazardousWork", "Hazardous work", M),
    i("EX_LowOrNoSalary", "Low or no salary", M),
    i(
        "EX_NoRespectOfLabourLaws",
        "No respect of labour laws or contract signed",
        M,
    ),
    i(
        "EX_NoSocialProtection",
        "No social protection (contract, social insurance, etc.)",
        M,
    ),
    i(
        "EX_VeryBadWorkingConditions",
        "Very bad working conditions",
        M,
    ),
    i("EX_WageManipulation", "Wage manipulation", M),
    i("EX_NoAccessToEducation", "No access to education", W),
    i("CD_ConfiscationOfDocuments", "Confiscation of documents", S),
    i("CD_DebtBondage", "Debt bondage", S),
    i("CD_Isolation", "Isolation, confinement or surveillance", S),
    i("CD_ViolenceOnVictims", "Violence on victims", S),
    i(
        "CD_ForcedIntoIllicitActivities",
        "Forced into illicit/criminal activities",
        M,
    ),
    i("CD_ForcedTasksOrClients", "Forced tasks or clients", M),
    i(
        "CD_ForcedToActAgainstPeers",
        "Forced to act against peers",
        M,
    ),
    i(
        "CD_ForcedToLie",
        "Forced to lie to authorities, family, etc.",
        M,
    ),
    i(
        "CD_ThreatOfDenunciation",
        "Threat of denunciation to authorities",
        M,
    ),
    i(
        "CD_ThreatOfViolence",
        "Threats of violence against victim",
        M,
    ),
    i(
        "CD_ThreatOfWorseConditions",
        "Threat to impose even worse working conditions",
        M,
    ),
    i("CD_UnderStrongInfluence", "Under strong influence", M),
    i(
        "CD_ViolenceOnFamily",
        "Violence on family (threats or effective)",
        M,
    ),
    i("CD_WithholdingOfWages", "Withholding of wages", M),
    i(
        "CD_ThreatToInformFamily",
        "Threats to inform family, community or public",
        W,
    ),
    i("VD_DependencyOnExploiters", "Dependency on exploiters", M),
    i(
        "VD_DifficultyToLiveInUnknownArea",
        "Difficulty to live in an unknown area",
        M,
    ),
    i("VD_EconomicReasons", "Economic reasons", M),
    i("VD_FamilySituation", "Family situation", M),
    i(
        "VD_RelationshipWithAuthorities",
        "Relationship with authorities/legal status",
        M,
    ),
    i("VD_DifficultiesInThePast", "Difficulties in the past", W),
    i("VD_PersonalCharacteristics", "Personal characteristics", W),
];

/// Adults, sexual exploitation. Same dimensions; the experts rated coercion (abduction or sale,
/// threats, forced clients) stronger for sexual exploitation.
pub const ADULT_SEXUAL: &[Indicator] = &[
    i(
        "DR_DeceivedNatureOfJob",
        "Deceived about the nature of the job, location or employer",
        S,
    ),
    i(
        "DR_DeceivedConditionsOfWork",
        "Deceived about conditions of prostitution",
        M,
    ),
    i(
        "DR_DeceivedContract",
        "Deceived about content or legality of work contract",
        M,
    ),
    i(
        "DR_DeceivedFamilyReunification",
        "Deceived about family reunification",
        M,
    ),
    i(
        "DR_DeceivedHousing",
        "Deceived about housing and living conditions",
        M,
    ),
    i(
        "DR_DeceivedLegalDocumentation",
        "Deceived about legal documentation or obtaining legal migrant status",
        M,
    ),
    i(
        "DR_DeceivedTravelAndRecruitment",
        "Deceived about travel and recruitment conditions",
        M,
    ),
    i("DR_DeceivedWages", "Deceived about wages/earnings", M),
    i(
        "DR_DeceivedMarriageOrAdoption",
        "Deceived through promises of marriage or adoption",
        M,
    ),
    i(
        "DR_DeceivedEducation",
        "Deceived about access to education opportunities",
        W,
    ),
    i("CR_ViolenceOnVictims", "Violence on victims", S),
    i(
        "CR_AbductionOrSale",
        "Abduction, forced marriage, forced adoption or selling of victim",
        S,
    ),
    i(
        "CR_ThreatOfViolence",
        "Threats of violence against victim",
        S,
    ),
    i("CR_ConfiscationOfDocuments", "Confiscation of documents", M),
    i("CR_DebtBondage", "Debt bondage", M),
    i("CR_Isolation", "Isolation, confinement or surveillance", M),
    i(
        "CR_ThreatOfDenunciation",
        "Threat of denunciation to authorities",
        M,
    ),
    i(
        "CR_ThreatToInformFamily",
        "Threat to inform family, community or public",
        M,
    ),
    i(
        "CR_ViolenceOnFamily",
        "Violence on family (threats or effective)",
        M,
    ),
    i("CR_WithholdingOfMoney", "Withholding of money", M),
    i(
        "VR_DifficultFamilySituation",
        "Abuse of difficult family situation",
        M,
    ),
    i("VR_IllegalStatus", "Abuse of illegal status", M),
    i(
        "VR_LackOfEducation",
        "Abuse of lack of education (language)",
        M,
    ),
    i("VR_LackOfInformation", "Abuse of lack of information", M),
    i("VR_ControlOfExploiters", "Control of exploiters", M),
    i("VR_EconomicReasons", "Economic reasons", M),
    i(
        "VR_FalseInformationAboutLaw",
        "False information about law, attitude of authorities",
        M,
    ),
    i(
        "VR_FalseInformationAboutMigration",
        "False information about successful migration",
        M,
    ),
    i("VR_FamilySituation", "Family situation", M),
    i("VR_PersonalSituation", "Personal situation", M),
    i(
        "VR_EmotionalDependency",
        "Psychological and emotional dependency",
        M,
    ),
    i(
        "VR_RelationshipWithAuthorities",
        "Relationship with authorities/legal status",
        M,
    ),
    i("VR_DifficultiesInThePast", "Difficulties in the past", M),
    i(
        "VR_DifficultyToOrganiseTravel",
        "Difficulty to organise the travel",
        M,
    ),
    i(
        "VR_CulturalReligiousBeliefs",
        "Abuse of cultural/religious beliefs",
        W,
    ),
    i("VR_GeneralContext", "General context", W),
    i("EX_ExcessiveHours", "Excessive working days or hours", S),
    i("EX_BadLivingConditions", "Bad living conditions", M),
    i("EX_HazardousWork", "Hazardous work", M),
    i("EX_LowOrNoSalary", "Low or no salary", M),
    i(
        "EX_NoRespectOfLabourLaws",
        "No respect of labour laws or contract signed",
        M,
    ),
    i(
        "EX_NoSocialProtection",
        "No social protection (contract, social insurance, etc.)",
        M,
    ),
    i(
        "EX_VeryBadWorkingConditions",
        "Very bad working conditions",
        M,
    ),
    i("EX_WageManipulation", "Wage manipulation", M),
    i("EX_NoAccessToEducation", "No access to education", W),
    i("CD_ConfiscationOfDocuments", "Confiscation of documents", S),
    i("CD_DebtBondage", "Debt bondage", S),
    i("CD_Isolation", "Isolation, confinement or surveillance", S),
    i("CD_ViolenceOnVictims", "Violence on victims", S),
    i("CD_ForcedTasksOrClients", "Forced tasks or clients", S),
    i(
        "CD_ThreatOfViolence",
        "Threats of violence against victim",
        S,
    ),
    i(
        "CD_ForcedIntoIllicitActivities",
        "Forced into illicit/criminal activities",
        M,
    ),
    i(
        "CD_ForcedToActAgainstPeers",
        "Forced to act against peers",
        M,
    ),
    i(
        "CD_ForcedToLie",
        "Forced to lie to authorities, family, etc.",
        M,
    ),
    i(
        "CD_ThreatOfDenunciation",
        "Threat of denunciation to authorities",
        M,
    ),
    i(
        "CD_ThreatOfWorseConditions",
        "Threat to impose even worse working conditions",
        M,
    ),
    i("CD_UnderStrongInfluence", "Under strong influence", M),
    i(
        "CD_ViolenceOnFamily",
        "Violence on family (threats or effective)",
        M,
    ),
    i("CD_WithholdingOfWages", "Withholding of wages", M),
    i(
        "CD_ThreatToInformFamily",
        "Threats to inform family, community or public",
        M,
    ),
    i("VD_DependencyOnExploiters", "Dependency on exploiters", M),
    i(
        "VD_DifficultyToLiveInUnknownArea",
        "Difficulty to live in an unknown area",
        M,
    ),
    i("VD_EconomicReasons", "Economic reasons", M),
    i("VD_FamilySituation", "Family situation", M),
    i(
        "VD_RelationshipWithAuthorities",
        "Relationship with authorities/legal status",
        M,
    ),
    i("VD_DifficultiesInThePast", "Difficulties in the past", W),
    i("VD_PersonalCharacteristics", "Personal characteristics", W),
];

impl Profile {
    /// This profile's indicators.
    pub fn indicators(self) -> &'static [Indicator] {
        match self {
            Profile::AdultLabour => ADULT_LABOUR,
            Profile::AdultSexual => ADULT_SEXUAL,
        }
    }

    /// The indicator with this code, in this profile.
    pub fn indicator(self, code: &str) -> Option<&'static Indicator> {
        self.indicators().iter().find(|i| i.code == code)
    }
}

/// What the rule suggests.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Suggestion {
    /// No dimension positive and no strong indicator ticked.
    NotIndicated,
    /// Some dimension positive or a strong indicator ticked, short of the ILO combination.
    Possible,
    /// The ILO combination holds: recruitment, exploitation and coercion or abuse of
    /// vulnerability at destination are all positive.
    Presumed,
}

impl Suggestion {
    /// The HTCDS trafficking status a case worker would start from: `PossibleVictimOfTrafficking`
    /// for possible and presumed alike (the status `ActualVictimOfTrafficking` is a decision
    /// for an organisation, not for a screening form), none otherwise.
    pub fn htcds_status(self) -> Option<&'static str> {
        match self {
            Suggestion::NotIndicated => None,
            Suggestion::Possible | Suggestion::Presumed => Some("PossibleVictimOfTrafficking"),
        }
    }
}

/// One dimension's tally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DimensionResult {
    /// Which dimension.
    pub dimension: Dimension,
    /// Strong indicators ticked.
    pub strong: usize,
    /// Medium indicators ticked.
    pub medium: usize,
    /// Weak indicators ticked.
    pub weak: usize,
    /// Whether the ILO's threshold is met.
    pub positive: bool,
}

/// The rule's outcome for one screening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Assessment {
    /// The list used.
    pub profile: Profile,
    /// The six dimensions in the ILO's order.
    pub dimensions: Vec<DimensionResult>,
    /// The suggestion.
    pub suggestion: Suggestion,
}

/// The ILO's threshold for one dimension.
pub fn dimension_positive(strong: usize, medium: usize, weak: usize) -> bool {
    strong >= 2 || (strong >= 1 && medium + weak >= 1) || medium >= 3 || (medium >= 2 && weak >= 1)
}

/// Applies the rule to the ticked indicator codes. Unknown codes, and codes ticked twice, are
/// errors naming the position (`indicators[3]`); nothing is suggested from a bad form.
pub fn assess(profile: Profile, ticked: &[String]) -> Result<Assessment, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut found: Vec<&Indicator> = Vec::new();
    for (n, code) in ticked.iter().enumerate() {
        match profile.indicator(code.trim()) {
            Some(ind) if found.contains(&ind) => errors.push(FieldError {
                field: format!("indicators[{n}]"),
                code: "duplicate".into(),
                message: format!("`{code}` is ticked twice"),
            }),
            Some(ind) => found.push(ind),
            None => errors.push(FieldError {
                field: format!("indicators[{n}]"),
                code: "unknown_code".into(),
                message: format!(
                    "`{code}` is not an ILO indicator for {}",
                    match profile {
                        Profile::AdultLabour => "adults in labour exploitation",
                        Profile::AdultSexual => "adults in sexual exploitation",
                    }
                ),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let dimensions: Vec<DimensionResult> = Dimension::ALL
        .iter()
        .map(|&d| {
            let count = |s: Strength| {
                found
                    .iter()
                    .filter(|i| i.dimension == d && i.strength == s)
                    .count()
            };
            let (strong, medium, weak) = (count(S), count(M), count(W));
            DimensionResult {
                dimension: d,
                strong,
                medium,
                weak,
                positive: dimension_positive(strong, medium, weak),
            }
        })
        .collect();
    let positive = |d: Dimension| dimensions.iter().any(|r| r.dimension == d && r.positive);
    use Dimension::*;
    let recruitment = positive(DeceptiveRecruitment)
        || positive(CoerciveRecruitment)
        || positive(AbuseOfVulnerabilityAtRecruitment);
    let destination =
        positive(CoercionAtDestination) || positive(AbuseOfVulnerabilityAtDestination);
    let suggestion = if recruitment && positive(ExploitativeConditions) && destination {
        Suggestion::Presumed
    } else if dimensions.iter().any(|r| r.positive || r.strong > 0) {
        Suggestion::Possible
    } else {
        Suggestion::NotIndicated
    };
    Ok(Assessment {
        profile,
        dimensions,
        suggestion,
    })
}

/// A screening as recorded: the form's ticks, the rule's suggestion, and the decision a person
/// took with it (who, for which organisation, and which HTCDS status).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Screening {
    /// The list used.
    pub profile: Profile,
    /// Ticked indicator codes.
    pub indicators: Vec<String>,
    /// The rule's suggestion when the form was saved.
    pub suggestion: Suggestion,
    /// The status decided: a `vic_TraffickingStatus` value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_status: Option<String>,
    /// The deciding organisation's kind: a `vic_TraffickingStatusDecisionMakingOrg` value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_making_org: Option<String>,
    /// The person who decided (user name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
}

impl Screening {
    /// A screening of `indicators` with the rule's suggestion and no decision yet.
    pub fn new(profile: Profile, indicators: Vec<String>) -> Result<Self, Vec<FieldError>> {
        let suggestion = assess(profile, &indicators)?.suggestion;
        Ok(Self {
            profile,
            indicators,
            suggestion,
            decided_status: None,
            decision_making_org: None,
            decided_by: None,
        })
    }

    /// Records a decision; the status and organisation must be HTCDS values and a decided
    /// status needs the person who took it.
    pub fn decide(&mut self, status: &str, org: &str, by: &str) -> Result<(), Vec<FieldError>> {
        use super::codes::{VIC_TRAFFICKING_STATUS, VIC_TRAFFICKING_STATUS_DECISION_MAKING_ORG};
        let mut errors = Vec::new();
        let status_code = VIC_TRAFFICKING_STATUS.resolve(status);
        let org_code = VIC_TRAFFICKING_STATUS_DECISION_MAKING_ORG.resolve(org);
        if status_code.is_none() {
            errors.push(FieldError {
                field: "vic_TraffickingStatus".into(),
                code: "unknown_code".into(),
                message: format!(
                    "`{status}` is not a trafficking status: expected one of {}",
                    VIC_TRAFFICKING_STATUS.expected()
                ),
            });
        }
        if org_code.is_none() {
            errors.push(FieldError {
                field: "vic_TraffickingStatusDecisionMakingOrg".into(),
                code: "unknown_code".into(),
                message: format!(
                    "`{org}` is not a deciding organisation: expected one of {}",
                    VIC_TRAFFICKING_STATUS_DECISION_MAKING_ORG.expected()
                ),
            });
        }
        if by.trim().is_empty() {
            errors.push(FieldError {
                field: "decided_by".into(),
                code: "required".into(),
                message: "a decision records who took it".into(),
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        self.decided_status = status_code.map(str::to_string);
        self.decision_making_org = org_code.map(str::to_string);
        self.decided_by = Some(by.trim().to_string());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ticks(codes: &[&str]) -> Vec<String> {
        codes.iter().map(|c| c.to_string()).collect()
    }

    fn suggest(profile: Profile, codes: &[&str]) -> Suggestion {
        assess(profile, &ticks(codes)).unwrap().suggestion
    }

    #[test]
    fn lists_have_the_ilo_shape() {
        let count = |d| ADULT_LABOUR.iter().filter(|i| i.dimension == d).count();
        use Dimension::*;
        assert_eq!(
            [
                count(DeceptiveRecruitment),
                count(CoerciveRecruitment),
                count(AbuseOfVulnerabilityAtRecruitment),
                count(ExploitativeConditions),
                count(CoercionAtDestination),
                count(AbuseOfVulnerabilityAtDestination)
            ],
            [10, 10, 16, 9, 15, 7]
        );
        for list in [ADULT_LABOUR, ADULT_SEXUAL] {
            let mut seen = std::collections::HashSet::new();
            for ind in list {
                assert!(seen.insert(ind.code), "{} twice", ind.code);
                assert!(ind.code.starts_with(ind.dimension.prefix()), "{}", ind.code);
            }
        }
        // Both lists carry the same indicators; only some strengths differ.
        let mut a: Vec<_> = ADULT_LABOUR.iter().map(|i| i.code).collect();
        let mut b: Vec<_> = ADULT_SEXUAL.iter().map(|i| i.code).collect();
        a.sort();
        b.sort();
        assert_eq!(a, b);
    }

    #[test]
    fn dimension_threshold_follows_the_ilo() {
        assert!(dimension_positive(2, 0, 0));
        assert!(dimension_positive(1, 1, 0));
        assert!(dimension_positive(1, 0, 1));
        assert!(dimension_positive(0, 3, 0));
        assert!(dimension_positive(0, 2, 1));
        assert!(!dimension_positive(1, 0, 0));
        assert!(!dimension_positive(0, 2, 0));
        assert!(!dimension_positive(0, 1, 5));
        assert!(!dimension_positive(0, 0, 9));
    }

    #[test]
    fn scam_compound_worker_is_presumed() {
        // Lured by an online "customer service" job, passport taken, beaten for missed quotas,
        // 16-hour days without pay.
        let a = assess(
            Profile::AdultLabour,
            &ticks(&[
                "DR_DeceivedNatureOfJob",
                "DR_DeceivedWages",
                "EX_ExcessiveHours",
                "EX_LowOrNoSalary",
                "CD_ConfiscationOfDocuments",
                "CD_ViolenceOnVictims",
                "CD_ForcedIntoIllicitActivities",
            ]),
        )
        .unwrap();
        assert_eq!(a.suggestion, Suggestion::Presumed);
        let cd = a.dimensions[4];
        assert_eq!(
            (cd.strong, cd.medium, cd.weak, cd.positive),
            (2, 1, 0, true)
        );
        assert_eq!(
            a.suggestion.htcds_status(),
            Some("PossibleVictimOfTrafficking")
        );
    }

    #[test]
    fn vulnerability_route_is_presumed_too() {
        assert_eq!(
            suggest(
                Profile::AdultLabour,
                &[
                    "VR_IllegalStatus",
                    "VR_EconomicReasons",
                    "VR_LackOfEducation",
                    "EX_BadLivingConditions",
                    "EX_LowOrNoSalary",
                    "EX_WageManipulation",
                    "VD_DependencyOnExploiters",
                    "VD_EconomicReasons",
                    "VD_PersonalCharacteristics",
                ]
            ),
            Suggestion::Presumed
        );
    }

    #[test]
    fn exploitation_without_means_is_only_possible() {
        // An exploited migrant: bad pay and long hours, no deception or coercion found.
        assert_eq!(
            suggest(
                Profile::AdultLabour,
                &["EX_ExcessiveHours", "EX_LowOrNoSalary"]
            ),
            Suggestion::Possible
        );
        // Deceived and coerced, but nothing yet about the work itself.
        assert_eq!(
            suggest(
                Profile::AdultLabour,
                &[
                    "DR_DeceivedNatureOfJob",
                    "DR_DeceivedWages",
                    "CD_DebtBondage",
                    "CD_Isolation"
                ]
            ),
            Suggestion::Possible
        );
    }

    #[test]
    fn weak_signs_alone_suggest_nothing_but_one_strong_sign_does() {
        assert_eq!(
            suggest(
                Profile::AdultLabour,
                &["VR_GeneralContext", "EX_NoAccessToEducation"]
            ),
            Suggestion::NotIndicated
        );
        assert_eq!(
            suggest(
                Profile::AdultLabour,
                &["DR_DeceivedWages", "DR_DeceivedHousing"]
            ),
            Suggestion::NotIndicated
        );
        assert_eq!(suggest(Profile::AdultLabour, &[]), Suggestion::NotIndicated);
        assert_eq!(
            suggest(Profile::AdultLabour, &["CR_ViolenceOnVictims"]),
            Suggestion::Possible
        );
    }

    #[test]
    fn strengths_differ_by_profile() {
        // Abduction plus a threat is a positive coercive recruitment for sexual exploitation
        // (both strong there) but not for labour (both medium).
        let codes = ["CR_AbductionOrSale", "CR_ThreatOfViolence"];
        let labour = assess(Profile::AdultLabour, &ticks(&codes)).unwrap();
        let sexual = assess(Profile::AdultSexual, &ticks(&codes)).unwrap();
        assert!(!labour.dimensions[1].positive);
        assert!(sexual.dimensions[1].positive);
    }

    #[test]
    fn bad_forms_are_refused_with_positions() {
        let e = assess(
            Profile::AdultLabour,
            &ticks(&["EX_ExcessiveHours", "EX_Overtime", "EX_ExcessiveHours"]),
        )
        .unwrap_err();
        let got: Vec<(&str, &str)> = e
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("indicators[1]", "unknown_code"),
                ("indicators[2]", "duplicate")
            ]
        );
    }

    #[test]
    fn decisions_record_who_and_which_organisation() {
        let mut s = Screening::new(
            Profile::AdultLabour,
            ticks(&["CR_ViolenceOnVictims", "CR_DebtBondage"]),
        )
        .unwrap();
        assert_eq!(s.suggestion, Suggestion::Possible);
        let e = s.decide("Actual victim", "Shelter", " ").unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "vic_TraffickingStatus",
                "vic_TraffickingStatusDecisionMakingOrg",
                "decided_by"
            ]
        );
        s.decide("Actual victim of trafficking", "ngo", "siti.n")
            .unwrap();
        assert_eq!(
            s.decided_status.as_deref(),
            Some("ActualVictimOfTrafficking")
        );
        assert_eq!(s.decision_making_org.as_deref(), Some("NGO"));
        assert_eq!(s.decided_by.as_deref(), Some("siti.n"));
    }

    proptest! {
        /// Ticking one more indicator never lowers the suggestion.
        #[test]
        fn more_evidence_never_lowers_the_suggestion(
            picks in proptest::collection::btree_set(0usize..67, 0..20),
            extra in 0usize..67,
            sexual in any::<bool>(),
        ) {
            let profile = if sexual { Profile::AdultSexual } else { Profile::AdultLabour };
            let list = profile.indicators();
            let mut codes: Vec<String> = picks.iter().map(|&n| list[n].code.to_string()).collect();
            let before = assess(profile, &codes).unwrap().suggestion;
            if !picks.contains(&extra) {
                codes.push(list[extra].code.to_string());
                let after = assess(profile, &codes).unwrap().suggestion;
                prop_assert!(after >= before);
            }
        }
    }
}
