//! The victim case record, shaped on HTCDS v2.0's tables: the person (`prs_`), the victim
//! context (`vic_`), perpetrators (`per_`), historic trafficking events (`hte_`), the case
//! (`cas_`), support plans (`spl_`) and consent (`con_`). JSON field names are the standard's
//! own, so a record reads the same in Lintas, in an HTCDS spreadsheet and in the field
//! standards. Coded fields are plain strings checked against [`super::codes`] by
//! [`VictimCase::validate`], so one submission reports every problem at once.

use serde::{Deserialize, Serialize};

use crate::{PartialDate, Sharing};

/// A victim case as submitted (create, update, import).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VictimCase {
    /// The source agency's own case reference; makes imports idempotent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<String>,
    /// `con_Consent`: the person consented to the interview and the use of their data.
    #[serde(
        rename = "con_Consent",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub consent: Option<bool>,
    /// The person the case is about.
    #[serde(default)]
    pub person: Person,
    /// What happened to them.
    #[serde(default)]
    pub victim: VictimContext,
    /// People who took part in trafficking them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub perpetrators: Vec<Perpetrator>,
    /// Recruitment, transit and exploitation, with place and date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<HistoricEvent>,
    /// Status, ownership and referrals.
    #[serde(default)]
    pub case: CaseDetails,
    /// Support plans.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub support_plans: Vec<SupportPlan>,
    /// Who may see the case: `national` (the default), `bilateral` or `aggregate`; never
    /// `regional`, because victim microdata do not leave the member.
    #[serde(default)]
    pub sharing: Sharing,
}

/// HTCDS `prs_`: the person.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// `prs_Salutation`
    #[serde(
        rename = "prs_Salutation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub salutation: Option<String>,
    /// `prs_FirstName`
    #[serde(
        rename = "prs_FirstName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub first_name: Option<String>,
    /// `prs_MiddleName`
    #[serde(
        rename = "prs_MiddleName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub middle_name: Option<String>,
    /// `prs_SecondName`: family name.
    #[serde(
        rename = "prs_SecondName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub second_name: Option<String>,
    /// `prs_Birthdate`, to the precision known.
    #[serde(
        rename = "prs_Birthdate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub birthdate: Option<PartialDate>,
    /// `prs_Gender`: picklist.
    #[serde(
        rename = "prs_Gender",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub gender: Option<String>,
    /// `prs_Deceased`
    #[serde(
        rename = "prs_Deceased",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub deceased: Option<bool>,
    /// `prs_MaritalStatus`: picklist.
    #[serde(
        rename = "prs_MaritalStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub marital_status: Option<String>,
    /// `prs_NumberOfChildren`
    #[serde(
        rename = "prs_NumberOfChildren",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub number_of_children: Option<u32>,
    /// `prs_PrimaryLanguage`: ISO 639 code.
    #[serde(
        rename = "prs_PrimaryLanguage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub primary_language: Option<String>,
    /// `prs_SecondaryLanguage`: ISO 639 code.
    #[serde(
        rename = "prs_SecondaryLanguage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub secondary_language: Option<String>,
    /// `prs_HighestLevelOfEducation`: picklist (ISCED levels).
    #[serde(
        rename = "prs_HighestLevelOfEducation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub highest_level_of_education: Option<String>,
    /// `prs_Citizenship`: ISO 3166-1 alpha-3 codes (the standard allows several).
    #[serde(
        rename = "prs_Citizenship",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub citizenship: Vec<String>,
    /// `prs_IdentityNumber`
    #[serde(
        rename = "prs_IdentityNumber",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub identity_number: Option<String>,
    /// `prs_Title`: position within an organisation.
    #[serde(rename = "prs_Title", default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `prs_Email`
    #[serde(rename = "prs_Email", default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `prs_HomePhone`: E.164.
    #[serde(
        rename = "prs_HomePhone",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub home_phone: Option<String>,
    /// `prs_MobilePhone`: E.164.
    #[serde(
        rename = "prs_MobilePhone",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mobile_phone: Option<String>,
    /// `prs_MailingStreet`
    #[serde(
        rename = "prs_MailingStreet",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mailing_street: Option<String>,
    /// `prs_MailingCity`
    #[serde(
        rename = "prs_MailingCity",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mailing_city: Option<String>,
    /// `prs_MailingState`
    #[serde(
        rename = "prs_MailingState",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mailing_state: Option<String>,
    /// `prs_MailingPostalCode`
    #[serde(
        rename = "prs_MailingPostalCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mailing_postal_code: Option<String>,
    /// `prs_MailingCountry`: ISO 3166-1 alpha-3.
    #[serde(
        rename = "prs_MailingCountry",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mailing_country: Option<String>,
}

/// HTCDS `vic_`: the victim context.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VictimContext {
    /// `vic_TraffickingStatus`: possible, actual or not a victim.
    #[serde(
        rename = "vic_TraffickingStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub trafficking_status: Option<String>,
    /// `vic_TraffickingStatusDecisionMakingOrg`: who decided the status.
    #[serde(
        rename = "vic_TraffickingStatusDecisionMakingOrg",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub decision_making_org: Option<String>,
    /// `vic_RelationshipToTrafficker`
    #[serde(
        rename = "vic_RelationshipToTrafficker",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub relationship_to_trafficker: Option<String>,
    /// `vic_AgeWhenTrafficked`, in years.
    #[serde(
        rename = "vic_AgeWhenTrafficked",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub age_when_trafficked: Option<u32>,
    /// `vic_MethodOfRecruitment`
    #[serde(
        rename = "vic_MethodOfRecruitment",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub method_of_recruitment: Vec<String>,
    /// `vic_LocationOfRecruitment`
    #[serde(
        rename = "vic_LocationOfRecruitment",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub location_of_recruitment: Option<String>,
    /// `vic_RecruitmentWebsitesAndApps`
    #[serde(
        rename = "vic_RecruitmentWebsitesAndApps",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub recruitment_websites_and_apps: Vec<String>,
    /// `vic_MethodsOfControl`
    #[serde(
        rename = "vic_MethodsOfControl",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub methods_of_control: Vec<String>,
    /// `vic_TypeOfExploitation`, with our `ForcedCriminality`.
    #[serde(
        rename = "vic_TypeOfExploitation",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub type_of_exploitation: Vec<String>,
    /// `vic_ForcedLabourIndustry`: ISIC sections.
    #[serde(
        rename = "vic_ForcedLabourIndustry",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub forced_labour_industry: Vec<String>,
    /// `vic_TypeOfSexExploitation`
    #[serde(
        rename = "vic_TypeOfSexExploitation",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub type_of_sex_exploitation: Vec<String>,
    /// `vic_ForcedCriminalityIndicators` (ours): UNODC's indicators, for `ForcedCriminality`.
    #[serde(
        rename = "vic_ForcedCriminalityIndicators",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub forced_criminality_indicators: Vec<String>,
    /// `vic_LocationOfExploitation`
    #[serde(
        rename = "vic_LocationOfExploitation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub location_of_exploitation: Option<String>,
    /// `vic_ExploitationWebsitesAndApps`
    #[serde(
        rename = "vic_ExploitationWebsitesAndApps",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub exploitation_websites_and_apps: Vec<String>,
}

/// HTCDS `per_`: a perpetrator and their roles.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Perpetrator {
    /// `prs_FirstName` of the perpetrator, when known.
    #[serde(
        rename = "prs_FirstName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub first_name: Option<String>,
    /// `prs_SecondName` of the perpetrator, when known.
    #[serde(
        rename = "prs_SecondName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub second_name: Option<String>,
    /// `per_RoleInProcess`
    #[serde(
        rename = "per_RoleInProcess",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub role_in_process: Vec<String>,
    /// `per_RoleDetails`
    #[serde(
        rename = "per_RoleDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub role_details: Option<String>,
    /// `per_Organisation`
    #[serde(
        rename = "per_Organisation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub organisation: Option<String>,
}

/// HTCDS `hte_`: one step of the trafficking, with place and date.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoricEvent {
    /// `hte_Type`: recruitment, transit or exploitation.
    #[serde(rename = "hte_Type")]
    pub event_type: String,
    /// `hte_Country`: ISO 3166-1 alpha-3.
    #[serde(
        rename = "hte_Country",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub country: Option<String>,
    /// `hte_State`
    #[serde(rename = "hte_State", default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// `hte_City`
    #[serde(rename = "hte_City", default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// `hte_Street`
    #[serde(
        rename = "hte_Street",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub street: Option<String>,
    /// `hte_PostalCode`
    #[serde(
        rename = "hte_PostalCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub postal_code: Option<String>,
    /// `hte_Latitude`: WGS 84 degrees.
    #[serde(
        rename = "hte_Latitude",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub latitude: Option<f64>,
    /// `hte_Longitude`: WGS 84 degrees.
    #[serde(
        rename = "hte_Longitude",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub longitude: Option<f64>,
    /// `hte_Date`, to the precision known.
    #[serde(rename = "hte_Date", default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// `hte_Description`
    #[serde(
        rename = "hte_Description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
}

/// HTCDS `cas_`: the case itself and its referrals.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseDetails {
    /// `cas_Status`: Active, FollowUp, Closed or ClosedReferred.
    #[serde(
        rename = "cas_Status",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<String>,
    /// `cas_CaseOwner`: the case worker who manages the case.
    #[serde(
        rename = "cas_CaseOwner",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub case_owner: Option<String>,
    /// `cas_ReasonForCaseClosure`
    #[serde(
        rename = "cas_ReasonForCaseClosure",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reason_for_case_closure: Option<String>,
    /// `cas_ReferringOrganisation`
    #[serde(
        rename = "cas_ReferringOrganisation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub referring_organisation: Option<String>,
    /// `cas_IncomingReferralDate`
    #[serde(
        rename = "cas_IncomingReferralDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub incoming_referral_date: Option<PartialDate>,
    /// `cas_ReferringPrimaryCaseWorker`
    #[serde(
        rename = "cas_ReferringPrimaryCaseWorker",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub referring_primary_case_worker: Option<String>,
    /// `cas_ReasonForIncomingReferral`
    #[serde(
        rename = "cas_ReasonForIncomingReferral",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reason_for_incoming_referral: Option<String>,
    /// `cas_IncomingReferralDetails`
    #[serde(
        rename = "cas_IncomingReferralDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub incoming_referral_details: Option<String>,
    /// `cas_ReferredOrganisation`
    #[serde(
        rename = "cas_ReferredOrganisation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub referred_organisation: Option<String>,
    /// `cas_ReferredPrimaryCaseWorker`
    #[serde(
        rename = "cas_ReferredPrimaryCaseWorker",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub referred_primary_case_worker: Option<String>,
    /// `cas_ReasonForOutgoingReferral`
    #[serde(
        rename = "cas_ReasonForOutgoingReferral",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reason_for_outgoing_referral: Option<String>,
    /// `cas_OutgoingReferralDate`
    #[serde(
        rename = "cas_OutgoingReferralDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub outgoing_referral_date: Option<PartialDate>,
    /// `cas_OutgoingReferralDetails`
    #[serde(
        rename = "cas_OutgoingReferralDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub outgoing_referral_details: Option<String>,
}

/// HTCDS `spl_`: a support plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupportPlan {
    /// `spl_Type`
    #[serde(rename = "spl_Type")]
    pub plan_type: String,
    /// `spl_Objectives`
    #[serde(
        rename = "spl_Objectives",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub objectives: Option<String>,
    /// `spl_ActionPlan`
    #[serde(
        rename = "spl_ActionPlan",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub action_plan: Option<String>,
    /// `spl_PlannedEndDate`
    #[serde(
        rename = "spl_PlannedEndDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub planned_end_date: Option<PartialDate>,
    /// `spl_ActualEndDate`
    #[serde(
        rename = "spl_ActualEndDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub actual_end_date: Option<PartialDate>,
}

impl VictimCase {
    /// The case's exploitation event: the first `hte_` event of type `Exploitation`.
    pub fn exploitation(&self) -> Option<&HistoricEvent> {
        self.events.iter().find(|e| e.event_type == "Exploitation")
    }
}
