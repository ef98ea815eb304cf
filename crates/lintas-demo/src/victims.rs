//! Demo victim cases and referrals: a few hundred HTCDS cases held by an Indonesian NGO, a
//! Thai shelter and a Malaysian NGO — scam-compound (forced criminality), fishing, domestic
//! work and sexual exploitation cases — moved through their workflow, with consents, and
//! referrals between the three at every step (one waiting for an override's approval, one
//! whose consent was revoked).

use chrono::{Days, NaiveDate};
use lintas_model::Role;
use lintas_model::victims::VictimCase;
use lintas_model::victims::consent::Consent;
use lintas_model::victims::referral::{ReferralAction, ReferralRequest};
use lintas_model::victims::workflow::{Step, Transition};
use lintas_store::{Agency, Principal, Result, Store};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The victim-support agencies of the demo, one per member, with the members' victim roles.
pub const VICTIM_AGENCIES: &[(&str, &str)] = &[
    ("IDN", "Yayasan Pulih"),
    ("THA", "Baan Kredtrakarn Shelter"),
    ("MYS", "Tenaganita"),
];

/// What the victim seeding stored.
#[derive(Debug, Default, Clone, Copy)]
pub struct VictimsSeeded {
    /// Cases.
    pub cases: u64,
    /// Referrals.
    pub referrals: u64,
}

const FIRST: &[(&str, &[&str])] = &[
    (
        "IDN",
        &[
            "Ayu", "Dewi", "Rizky", "Wulan", "Budi", "Sari", "Agus", "Putri",
        ],
    ),
    (
        "THA",
        &["Somchai", "Nong", "Ploy", "Arthit", "Kanya", "Malee"],
    ),
    ("MYS", &["Aishah", "Farid", "Siti", "Hafiz", "Nurul"]),
    ("MMR", &["Aung", "Thida", "Kyaw", "Su"]),
    ("VNM", &["Linh", "Minh", "Thao"]),
];

fn case(rng: &mut ChaCha8Rng, member: &str, n: usize, today: NaiveDate) -> VictimCase {
    let citizenship = match member {
        "THA" => *["MMR", "LAO", "KHM", "THA"].choose(rng).unwrap_or(&"MMR"),
        "MYS" => *["IDN", "MMR", "VNM", "BGD"].choose(rng).unwrap_or(&"IDN"),
        _ => "IDN",
    };
    let names = FIRST
        .iter()
        .find(|(c, _)| *c == citizenship)
        .map(|(_, n)| *n)
        .unwrap_or(&["Ayu", "Budi"]);
    let kind = rng.random_range(0..10);
    let year = 1975 + rng.random_range(0..30);
    let when = today - Days::new(rng.random_range(30..900));
    let mut doc = serde_json::json!({
        "external_ref": format!("{member}-DEMO-{n:04}"),
        "person": {
            "prs_FirstName": names.choose(rng).copied().unwrap_or("Ayu"),
            "prs_Birthdate": year.to_string(),
            "prs_Gender": if rng.random_bool(0.55) { "Masculine" } else { "Feminine" },
            "prs_Citizenship": [citizenship]
        },
        "victim": {"vic_TraffickingStatus": "PossibleVictimOfTrafficking"}
    });
    let (victim, event) = if kind < 4 {
        // Scam compounds: recruited online for "customer service" jobs, forced to defraud.
        let country = *["MMR", "KHM", "LAO"].choose(rng).unwrap_or(&"MMR");
        (
            serde_json::json!({
                "vic_TraffickingStatus": "PossibleVictimOfTrafficking",
                "vic_TypeOfExploitation": ["ForcedCriminality"],
                "vic_MethodOfRecruitment": ["ThroughAnOnlineAdvertisement"],
                "vic_RecruitmentWebsitesAndApps": [*["Telegram", "Facebook", "WhatsApp"].choose(rng).unwrap_or(&"Telegram")],
                "vic_MethodsOfControl": ["WithholdsDocuments", "DebtBondage", "PhysicalAbuse"],
                "vic_ForcedCriminalityIndicators": ["Act_RecruitedOnlineJobAdvert", "Act_HarbouredInCompound", "Means_DeceivedAboutJob", "Means_DocumentsOrPhoneConfiscated", "Purpose_ForcedOnlineScams", "Purpose_QuotasWithPunishment"],
                "vic_LocationOfExploitation": match country { "MMR" => "Myawaddy", "KHM" => "Sihanoukville", _ => "Golden Triangle SEZ" }
            }),
            serde_json::json!({"hte_Type": "Exploitation", "hte_Country": country, "hte_Date": when.format("%Y-%m").to_string(),
                                "hte_Description": "Compound running online investment and romance scams"}),
        )
    } else if kind < 7 {
        (
            serde_json::json!({
                "vic_TraffickingStatus": "PossibleVictimOfTrafficking",
                "vic_TypeOfExploitation": ["ForcedLabour"],
                "vic_ForcedLabourIndustry": [*["A_AgricultureForestryAndFishing", "T_ActivitiesOfHouseholdsAsEmployers", "C_Manufacturing"].choose(rng).unwrap_or(&"A_AgricultureForestryAndFishing")],
                "vic_MethodsOfControl": ["DebtBondage", "ExcessiveWorkingHours", "TakesEarnings"]
            }),
            serde_json::json!({"hte_Type": "Exploitation", "hte_Country": *["THA", "MYS", "IDN"].choose(rng).unwrap_or(&"THA"), "hte_Date": when.format("%Y-%m").to_string()}),
        )
    } else {
        (
            serde_json::json!({
                "vic_TraffickingStatus": "PossibleVictimOfTrafficking",
                "vic_TypeOfExploitation": ["SexualExploitation"],
                "vic_TypeOfSexExploitation": ["Prostitution"],
                "vic_MethodsOfControl": ["FalsePromises", "PsychologicalAbuse"]
            }),
            serde_json::json!({"hte_Type": "Exploitation", "hte_Country": *["MYS", "THA"].choose(rng).unwrap_or(&"MYS"), "hte_Date": when.format("%Y-%m").to_string()}),
        )
    };
    doc["victim"] = victim;
    doc["events"] = serde_json::json!([event]);
    serde_json::from_value(doc).unwrap_or_default()
}

fn consent_to(org: &str, from: NaiveDate) -> Consent {
    Consent {
        purpose: lintas_model::victims::consent::Purpose::Referral,
        organisation: Some(org.into()),
        language: "id".into(),
        interpreter: Some("Demo interpreter".into()),
        valid_from: from,
        valid_until: None,
    }
}

struct Team {
    worker: Principal,
    supervisor: Principal,
    second: Principal,
    member: &'static str,
    agency: &'static str,
}

/// Seeds the cases and referrals (the demo users of `VICTIM_AGENCIES` exist already).
pub async fn seed(
    store: &Store,
    agencies: &[(Agency, &'static str)],
    today: NaiveDate,
) -> Result<VictimsSeeded> {
    let mut rng = ChaCha8Rng::seed_from_u64(17);
    let teams: Vec<Team> = agencies
        .iter()
        .map(|(a, name)| Team {
            worker: Principal::local(
                &format!("demo:{}.victim-support", a.member.to_lowercase()),
                a,
                Role::VictimSupport,
            ),
            supervisor: Principal::local(
                &format!("demo:{}.victim-supervisor", a.member.to_lowercase()),
                a,
                Role::VictimSupervisor,
            ),
            second: Principal::local(
                &format!("demo:{}.victim-supervisor-2", a.member.to_lowercase()),
                a,
                Role::VictimSupervisor,
            ),
            member: VICTIM_AGENCIES
                .iter()
                .find(|(_, n)| n == name)
                .map(|(m, _)| *m)
                .unwrap_or("IDN"),
            agency: name,
        })
        .collect();
    let mut seeded = VictimsSeeded::default();
    let steps = [
        Step::Screening,
        Step::Assessment,
        Step::SupportPlan,
        Step::Services,
        Step::FollowUp,
    ];
    for (t, team) in teams.iter().enumerate() {
        for n in 0..100 {
            let c = store
                .create_victim_case(&team.worker, case(&mut rng, team.member, n, today))
                .await?;
            seeded.cases += 1;
            // Move a case a random way along, with the supervisor's approvals.
            let target = rng.random_range(0..=steps.len());
            let mut at = Step::New;
            for step in steps.iter().take(target) {
                if at.needs_approval() {
                    store
                        .transition_victim_case(&team.supervisor, c.id, None, &Transition::Approve)
                        .await?;
                }
                store
                    .transition_victim_case(
                        &team.worker,
                        c.id,
                        None,
                        &Transition::Advance { to: *step },
                    )
                    .await?;
                at = *step;
            }
            // Every fifth case is referred to the next member's agency, at a step of its own.
            if n % 5 != 0 {
                continue;
            }
            let to = &teams[(t + 1) % teams.len()];
            let request = |override_reason: Option<&str>| ReferralRequest {
                to_member: to.member.into(),
                to_agency: to.agency.into(),
                service: [
                    "shelter",
                    "medical care",
                    "legal aid",
                    "return and reintegration",
                ][n / 5 % 4]
                    .into(),
                reason: Some("MigrationOrChangeOfLocation".into()),
                classes: vec![
                    lintas_model::victims::referral::FieldClass::Identity,
                    lintas_model::victims::referral::FieldClass::Exploitation,
                ],
                health_notes: None,
                override_reason: override_reason.map(str::to_string),
            };
            if n == 95 {
                // No consent can be had: sent by one supervisor, waiting for the second.
                store
                    .send_referral(
                        &team.supervisor,
                        c.id,
                        request(Some("the person is missing; the shelter must be warned")),
                    )
                    .await?;
                seeded.referrals += 1;
                continue;
            }
            let k = store
                .record_consent(
                    &team.worker,
                    c.id,
                    consent_to(to.agency, today - Days::new(7)),
                )
                .await?;
            let r = store
                .send_referral(&team.worker, c.id, request(None))
                .await?;
            seeded.referrals += 1;
            let actions = [
                ReferralAction::Acknowledge,
                ReferralAction::Accept,
                ReferralAction::ServicesDelivered {
                    note: Some("case management and counselling".into()),
                },
                ReferralAction::Outcome {
                    outcome: "safely returned and reintegrated".into(),
                },
            ];
            let how_far = (n / 5) % 6;
            if how_far == 5 {
                store
                    .act_on_referral(&to.worker, r.id, None, &ReferralAction::Acknowledge)
                    .await?;
                store
                    .act_on_referral(
                        &to.worker,
                        r.id,
                        None,
                        &ReferralAction::Reject {
                            reason: "no place for men in the shelter this month".into(),
                        },
                    )
                    .await?;
            } else {
                for a in actions.iter().take(how_far) {
                    store.act_on_referral(&to.worker, r.id, None, a).await?;
                }
            }
            if n == 90 {
                store
                    .revoke_consent(
                        &team.worker,
                        k.id,
                        None,
                        Some("the person asked to stop sharing".into()),
                    )
                    .await?;
            }
        }
        // The override waiting for approval is approved by the second supervisor on one team.
        if t == 0 {
            let sent = store
                .list_referrals_audited(
                    &team.second,
                    lintas_store::ReferralBox::Sent,
                    None,
                    Some(500),
                )
                .await?;
            if let Some(p) = sent
                .items
                .iter()
                .find(|r| r.state.pending_override.is_some())
            {
                store
                    .act_on_referral(&team.second, p.id, None, &ReferralAction::ApproveOverride)
                    .await?;
            }
        }
    }
    Ok(seeded)
}
