//! The HTCDS flat layout: one row per case, HTCDS field names as column headers, read from CSV
//! or from a spreadsheet (XLSX, ODS) and written back to CSV. Multi-select values are
//! `;`-separated; countries are ISO 3166 alpha-3 (alpha-2 accepted); the case's exploitation
//! event is `hte_Type`, `hte_Country`, `hte_Date`; `sharing_level` overrides the import's
//! default. The official HTCDS spreadsheet imports as it is: its second row of labels is
//! skipped, its spelling `vic_TraffickinStatusDecisionMakingOrg` is accepted, and its one column
//! without a header is recognised by its label. Layout documented in `docs/victims.md`.

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};

use calamine::{Data, Reader};
use chrono::NaiveDate;

use super::case::{HistoricEvent, Perpetrator, SupportPlan, VictimCase};
use crate::import::ImportError;
use crate::{FieldError, PartialDate, Sharing};

/// One column of the flat layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Header as HTCDS writes it (ours: `external_ref`, `sharing_level`, `sharing_states`,
    /// `vic_ForcedCriminalityIndicators`).
    pub name: &'static str,
    /// The standard's label for it, as the spreadsheet's second row holds it.
    pub label: &'static str,
}

const fn col(name: &'static str, label: &'static str) -> Column {
    Column { name, label }
}

/// The flat layout's columns in export order: the official spreadsheet's first, then the rest
/// of the standard's fields a single row can hold, then ours.
pub const COLUMNS: &[Column] = &[
    col("external_ref", "External Reference"),
    col("cas_CaseOwner", "Case Owner"),
    col("prs_Salutation", "Salutation"),
    col("prs_FirstName", "First Name"),
    col("prs_MiddleName", "Middle Name"),
    col("prs_SecondName", "Second Name"),
    col("con_Consent", "Consent"),
    col("prs_Birthdate", "Birthdate"),
    col("prs_Gender", "Gender"),
    col("prs_Citizenship", "Citizenship"),
    col("prs_Title", "Title"),
    col("prs_Email", "Email"),
    col("prs_HomePhone", "Home Phone"),
    col("prs_MobilePhone", "Mobile Phone"),
    col("prs_MailingCity", "Mailing City"),
    col("prs_MailingCountry", "Mailing Country"),
    col("prs_MailingState", "Mailing State/Province"),
    col("prs_MailingStreet", "Mailing Street"),
    col("prs_MailingPostalCode", "Mailing Zip/Postal Code"),
    col("prs_Deceased", "Deceased"),
    col("prs_MaritalStatus", "Marital Status"),
    col("prs_NumberOfChildren", "Number of Children"),
    col("prs_PrimaryLanguage", "Primary Language"),
    col("prs_SecondaryLanguage", "Secondary Language"),
    col("prs_HighestLevelOfEducation", "Highest Level of Education"),
    col("prs_IdentityNumber", "Identity Number"),
    col("vic_TraffickingStatus", "Trafficking Status"),
    col(
        "vic_TraffickingStatusDecisionMakingOrg",
        "Trafficking Status Decision Making Organization",
    ),
    col("vic_RelationshipToTrafficker", "Relationship to Trafficker"),
    col("vic_AgeWhenTrafficked", "Age when Trafficked"),
    col("vic_MethodOfRecruitment", "Method of Recruitment"),
    col("vic_LocationOfRecruitment", "Location of Recruitment"),
    col(
        "vic_RecruitmentWebsitesAndApps",
        "Recruitment Websites and Apps",
    ),
    col("vic_MethodsOfControl", "Methods of Control"),
    col("vic_TypeOfExploitation", "Type of Exploitation"),
    col("vic_ForcedLabourIndustry", "Forced Labour Industry"),
    col("vic_TypeOfSexExploitation", "Type of Sex Exploitation"),
    col("vic_LocationOfExploitation", "Location of Exploitation"),
    col(
        "vic_ExploitationWebsitesAndApps",
        "Exploitation Websites and Apps",
    ),
    col("per_RoleInProcess", "Role in Process"),
    col("per_RoleDetails", "Role Details"),
    col("per_Organisation", "Organisation"),
    col("hte_Type", "Type"),
    col("hte_Country", "Country"),
    col("hte_State", "State"),
    col("hte_City", "City"),
    col("hte_Street", "Street"),
    col("hte_PostalCode", "PostalCode"),
    col("hte_Latitude", "Latitude"),
    col("hte_Longitude", "Longitude"),
    col("hte_Date", "Date"),
    col("hte_Description", "Description"),
    col("cas_Status", "Status"),
    col("cas_ReferringOrganisation", "Referring Organisation"),
    col("cas_IncomingReferralDate", "Incoming Referral Date"),
    col(
        "cas_ReferringPrimaryCaseWorker",
        "Referring Primary Case Worker",
    ),
    col(
        "cas_ReasonForIncomingReferral",
        "Reason for Incoming Referral",
    ),
    col("cas_IncomingReferralDetails", "Incoming Referral Details"),
    col("cas_ReferredOrganisation", "Referred Organisation"),
    col(
        "cas_ReferredPrimaryCaseWorker",
        "Referred Primary Case Worker",
    ),
    col(
        "cas_ReasonForOutgoingReferral",
        "Reason for Outgoing Referral",
    ),
    col("cas_OutgoingReferralDate", "Outgoing Referral Date"),
    col("cas_OutgoingReferralDetails", "Outgoing Referral Details"),
    col("cas_ReasonForCaseClosure", "Reason for Case Closure"),
    col("spl_Type", "Support Plan Type"),
    col("spl_Objectives", "Objectives"),
    col("spl_ActionPlan", "Action Plan"),
    col("spl_PlannedEndDate", "Planned End Date"),
    col("spl_ActualEndDate", "Actual End Date"),
    col(
        "vic_ForcedCriminalityIndicators",
        "Forced Criminality Indicators",
    ),
    col("sharing_level", "Sharing Level"),
    col("sharing_states", "Shared With"),
];

/// Other spellings of a column found in the standard's own files: the spreadsheet's
/// `vic_TraffickinStatusDecisionMakingOrg` and the XLSForm's names.
const ALIASES: &[(&str, &str)] = &[
    (
        "vic_TraffickinStatusDecisionMakingOrg",
        "vic_TraffickingStatusDecisionMakingOrg",
    ),
    ("prs_First_Name", "prs_FirstName"),
    ("prs_Second_Name", "prs_SecondName"),
    ("vic_Methods_of_Control", "vic_MethodsOfControl"),
];

/// Settings of one import.
#[derive(Debug, Clone)]
pub struct Options {
    /// Sharing of rows without a `sharing_level` (victims: `national` unless told otherwise).
    pub sharing: Sharing,
    /// Upper bound for dates.
    pub today: NaiveDate,
}

impl Options {
    /// National sharing, dates bounded by `today`.
    pub fn new(today: NaiveDate) -> Self {
        Self {
            sharing: Sharing::default(),
            today,
        }
    }
}

/// One input row: where it was and what it holds.
#[derive(Debug)]
pub struct Row {
    /// 1-based line (CSV) or row (spreadsheet) number.
    pub line: u64,
    /// The normalised case, or every reason the row is invalid, each naming its column.
    pub record: Result<VictimCase, Vec<FieldError>>,
}

/// A raw row of cells with its line number, or why it could not be read.
type RawRow = Result<(u64, Vec<String>), (u64, String)>;

/// Reads the flat layout from CSV.
pub fn read_csv<'a, R: Read + 'a>(
    input: R,
    options: &Options,
) -> Result<impl Iterator<Item = Row> + 'a, ImportError> {
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let raw = reader.into_records().map(|r| match r {
        Ok(rec) => Ok((
            rec.position().map_or(0, |p| p.line()),
            rec.iter().map(str::to_string).collect(),
        )),
        Err(e) => {
            let line = e.position().map_or(0, |p| p.line());
            let message = match e.kind() {
                csv::ErrorKind::Utf8 { .. } => "the row is not valid UTF-8".to_string(),
                _ => e.to_string(),
            };
            Err((line, message))
        }
    });
    Rows::new(raw, options)
}

/// Reads the flat layout from the first sheet of a spreadsheet (XLSX, XLS, XLSB or ODS).
pub fn read_spreadsheet(
    bytes: &[u8],
    options: &Options,
) -> Result<impl Iterator<Item = Row> + use<>, ImportError> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| ImportError::Spreadsheet(e.to_string()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| ImportError::Spreadsheet("the workbook has no sheet".into()))?
        .map_err(|e| ImportError::Spreadsheet(e.to_string()))?;
    let (top, left) = range.start().unwrap_or((0, 0));
    let raw: Vec<RawRow> = range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            // Sheets whose used range starts right of A still line up with the header.
            let mut row = vec![String::new(); left as usize];
            row.extend(cells.iter().map(cell_text));
            Ok((u64::from(top) + i as u64 + 1, row))
        })
        .collect();
    Rows::new(raw.into_iter(), options)
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // Whole numbers typed into a spreadsheet come back as floats (`25.0`).
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(true) => "TRUE".into(),
        Data::Bool(false) => "FALSE".into(),
        Data::DateTime(d) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

struct Rows<I: Iterator<Item = RawRow>> {
    raw: std::iter::Peekable<I>,
    columns: Vec<Option<&'static str>>,
    sharing: Sharing,
    today: NaiveDate,
}

fn known(name: &str) -> Option<&'static str> {
    COLUMNS
        .iter()
        .find(|c| c.name == name)
        .map(|c| c.name)
        .or_else(|| ALIASES.iter().find(|(a, _)| *a == name).map(|(_, c)| *c))
}

fn by_label(label: &str) -> Option<&'static str> {
    let l = label.trim();
    COLUMNS
        .iter()
        .find(|c| !l.is_empty() && c.label.eq_ignore_ascii_case(l))
        .map(|c| c.name)
}

impl<I: Iterator<Item = RawRow>> Rows<I> {
    fn new(raw: I, options: &Options) -> Result<Self, ImportError> {
        if options
            .sharing
            .level
            .trim()
            .eq_ignore_ascii_case("regional")
        {
            return Err(ImportError::Options(
                "victim cases are never shared regionally as microdata: choose national, \
                 bilateral or aggregate"
                    .into(),
            ));
        }
        let mut raw = raw.peekable();
        let header = match raw.next() {
            Some(Ok((_, cells))) => cells,
            Some(Err((_, message))) => return Err(ImportError::Header(message)),
            None => return Err(ImportError::Header("the file is empty".into())),
        };
        // The official spreadsheet's second row holds the labels; one of its columns has a
        // label but no header.
        let labels = match raw.peek() {
            Some(Ok((_, cells))) if is_label_row(cells, &header) => cells.clone(),
            _ => Vec::new(),
        };
        if !labels.is_empty() {
            raw.next();
        }
        let mut columns = Vec::with_capacity(header.len());
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, name) in header.iter().enumerate() {
            let name = name.trim().trim_start_matches('\u{feff}');
            let column = if name.is_empty() {
                labels.get(i).and_then(|l| by_label(l))
            } else {
                Some(known(name).ok_or_else(|| {
                    ImportError::Header(format!(
                        "unknown column `{name}` (column {}); the HTCDS columns are: {}",
                        i + 1,
                        COLUMNS
                            .iter()
                            .map(|c| c.name)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?)
            };
            if let Some(c) = column
                && let Some(first) = seen.insert(c, i)
            {
                return Err(ImportError::Header(format!(
                    "column `{c}` appears twice (columns {} and {})",
                    first + 1,
                    i + 1
                )));
            }
            columns.push(column);
        }
        if columns.iter().all(Option::is_none) {
            return Err(ImportError::Header(
                "no HTCDS column found in the first row".into(),
            ));
        }
        let mut sharing = options.sharing.clone();
        sharing.normalise();
        Ok(Self {
            raw,
            columns,
            sharing,
            today: options.today,
        })
    }

    fn case(&self, cells: &[String]) -> Result<VictimCase, Vec<FieldError>> {
        let mut map: HashMap<&'static str, &str> = HashMap::new();
        for (i, c) in self.columns.iter().enumerate() {
            if let Some(c) = c {
                let v = cells.get(i).map_or("", |s| s.trim());
                if !v.is_empty() {
                    map.insert(c, v);
                }
            }
        }
        from_cells(&map, &self.sharing, self.today)
    }
}

/// Whether a row is the official spreadsheet's second row of field labels rather than data:
/// every filled cell is an HTCDS label, and at least half are the label of their own column
/// (the official sheet shifts a few). Data whose every cell happens to be a label would be
/// absurd; a lone label-like value (a title "Title") is data.
fn is_label_row(cells: &[String], header: &[String]) -> bool {
    let filled: Vec<(usize, &str)> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| (i, c.trim()))
        .filter(|(_, c)| !c.is_empty())
        .collect();
    let own = filled
        .iter()
        .filter(|(i, c)| {
            header
                .get(*i)
                .and_then(|h| known(h.trim()))
                .and_then(|name| COLUMNS.iter().find(|col| col.name == name))
                .is_some_and(|col| col.label.eq_ignore_ascii_case(c))
        })
        .count();
    filled.len() >= 2
        && filled.iter().all(|(_, c)| by_label(c).is_some())
        && own * 2 >= filled.len()
}

impl<I: Iterator<Item = RawRow>> Iterator for Rows<I> {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        loop {
            match self.raw.next()? {
                Err((line, message)) => {
                    return Some(Row {
                        line,
                        record: Err(vec![err("", "malformed_row", message)]),
                    });
                }
                Ok((line, cells)) => {
                    // Blank rows (the official sheet numbers 1000 empty rows) are not cases.
                    let blank = self.columns.iter().enumerate().all(|(i, c)| {
                        c.is_none() || cells.get(i).is_none_or(|s| s.trim().is_empty())
                    });
                    if blank {
                        continue;
                    }
                    return Some(Row {
                        line,
                        record: self.case(&cells),
                    });
                }
            }
        }
    }
}

fn err(field: &str, code: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        code: code.into(),
        message: message.into(),
    }
}

struct Cells<'a> {
    map: &'a HashMap<&'static str, &'a str>,
    errors: Vec<FieldError>,
}

impl Cells<'_> {
    fn text(&self, name: &str) -> Option<String> {
        self.map.get(name).map(|s| s.to_string())
    }

    fn list(&self, name: &str) -> Vec<String> {
        self.map
            .get(name)
            .map(|s| {
                s.split(';')
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }

    fn date(&mut self, name: &str) -> Option<PartialDate> {
        let cell = self.map.get(name)?;
        PartialDate::parse(cell)
            .map_err(|m| self.errors.push(err(name, "invalid_date", m)))
            .ok()
    }

    fn number<T: std::str::FromStr>(&mut self, name: &str, what: &str) -> Option<T> {
        let cell = self.map.get(name)?;
        cell.parse()
            .map_err(|_| {
                self.errors.push(err(
                    name,
                    "invalid_number",
                    format!("`{cell}` is not {what}"),
                ))
            })
            .ok()
    }

    fn boolean(&mut self, name: &str) -> Option<bool> {
        let cell = self.map.get(name)?;
        match cell.to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "1" => Some(true),
            "false" | "no" | "n" | "0" => Some(false),
            _ => {
                self.errors.push(err(
                    name,
                    "invalid_boolean",
                    format!("`{cell}` is not yes or no: write TRUE or FALSE"),
                ));
                None
            }
        }
    }

    fn any(&self, names: &[&str]) -> bool {
        names.iter().any(|n| self.map.contains_key(n))
    }
}

/// Builds a case from cells named by column (a web form may use the same names), with the
/// same parsing, normalisation and validation as a file row; errors name the columns.
pub fn from_columns(
    fields: &[(&str, &str)],
    default_sharing: &Sharing,
    today: NaiveDate,
) -> Result<VictimCase, Vec<FieldError>> {
    let mut map = HashMap::new();
    for (name, value) in fields {
        if let Some(c) = known(name) {
            let v = value.trim();
            if !v.is_empty() {
                map.insert(c, v);
            }
        }
    }
    from_cells(&map, default_sharing, today)
}

fn from_cells(
    map: &HashMap<&'static str, &str>,
    default_sharing: &Sharing,
    today: NaiveDate,
) -> Result<VictimCase, Vec<FieldError>> {
    let mut c = Cells {
        map,
        errors: Vec::new(),
    };
    let mut case = VictimCase {
        external_ref: c.text("external_ref"),
        consent: c.boolean("con_Consent"),
        ..Default::default()
    };
    let p = &mut case.person;
    p.salutation = c.text("prs_Salutation");
    p.first_name = c.text("prs_FirstName");
    p.middle_name = c.text("prs_MiddleName");
    p.second_name = c.text("prs_SecondName");
    p.birthdate = c.date("prs_Birthdate");
    p.gender = c.text("prs_Gender");
    p.deceased = c.boolean("prs_Deceased");
    p.marital_status = c.text("prs_MaritalStatus");
    p.number_of_children = c.number("prs_NumberOfChildren", "a whole number");
    p.primary_language = c.text("prs_PrimaryLanguage");
    p.secondary_language = c.text("prs_SecondaryLanguage");
    p.highest_level_of_education = c.text("prs_HighestLevelOfEducation");
    p.citizenship = c.list("prs_Citizenship");
    p.identity_number = c.text("prs_IdentityNumber");
    p.title = c.text("prs_Title");
    p.email = c.text("prs_Email");
    p.home_phone = c.text("prs_HomePhone");
    p.mobile_phone = c.text("prs_MobilePhone");
    p.mailing_street = c.text("prs_MailingStreet");
    p.mailing_city = c.text("prs_MailingCity");
    p.mailing_state = c.text("prs_MailingState");
    p.mailing_postal_code = c.text("prs_MailingPostalCode");
    p.mailing_country = c.text("prs_MailingCountry");

    let v = &mut case.victim;
    v.trafficking_status = c.text("vic_TraffickingStatus");
    v.decision_making_org = c.text("vic_TraffickingStatusDecisionMakingOrg");
    v.relationship_to_trafficker = c.text("vic_RelationshipToTrafficker");
    v.age_when_trafficked = c.number("vic_AgeWhenTrafficked", "an age in whole years");
    v.method_of_recruitment = c.list("vic_MethodOfRecruitment");
    v.location_of_recruitment = c.text("vic_LocationOfRecruitment");
    v.recruitment_websites_and_apps = c.list("vic_RecruitmentWebsitesAndApps");
    v.methods_of_control = c.list("vic_MethodsOfControl");
    v.type_of_exploitation = c.list("vic_TypeOfExploitation");
    v.forced_labour_industry = c.list("vic_ForcedLabourIndustry");
    v.type_of_sex_exploitation = c.list("vic_TypeOfSexExploitation");
    v.forced_criminality_indicators = c.list("vic_ForcedCriminalityIndicators");
    v.location_of_exploitation = c.text("vic_LocationOfExploitation");
    v.exploitation_websites_and_apps = c.list("vic_ExploitationWebsitesAndApps");

    if c.any(&["per_RoleInProcess", "per_RoleDetails", "per_Organisation"]) {
        case.perpetrators.push(Perpetrator {
            role_in_process: c.list("per_RoleInProcess"),
            role_details: c.text("per_RoleDetails"),
            organisation: c.text("per_Organisation"),
            ..Default::default()
        });
    }
    if c.any(&EVENT_COLUMNS) {
        let event = HistoricEvent {
            event_type: c.text("hte_Type").unwrap_or_default(),
            country: c.text("hte_Country"),
            state: c.text("hte_State"),
            city: c.text("hte_City"),
            street: c.text("hte_Street"),
            postal_code: c.text("hte_PostalCode"),
            latitude: c.number("hte_Latitude", "a latitude in degrees"),
            longitude: c.number("hte_Longitude", "a longitude in degrees"),
            date: c.date("hte_Date"),
            description: c.text("hte_Description"),
        };
        case.events.push(event);
    }
    let k = &mut case.case;
    k.status = c.text("cas_Status");
    k.case_owner = c.text("cas_CaseOwner");
    k.reason_for_case_closure = c.text("cas_ReasonForCaseClosure");
    k.referring_organisation = c.text("cas_ReferringOrganisation");
    k.incoming_referral_date = c.date("cas_IncomingReferralDate");
    k.referring_primary_case_worker = c.text("cas_ReferringPrimaryCaseWorker");
    k.reason_for_incoming_referral = c.text("cas_ReasonForIncomingReferral");
    k.incoming_referral_details = c.text("cas_IncomingReferralDetails");
    k.referred_organisation = c.text("cas_ReferredOrganisation");
    k.referred_primary_case_worker = c.text("cas_ReferredPrimaryCaseWorker");
    k.reason_for_outgoing_referral = c.text("cas_ReasonForOutgoingReferral");
    k.outgoing_referral_date = c.date("cas_OutgoingReferralDate");
    k.outgoing_referral_details = c.text("cas_OutgoingReferralDetails");
    if c.any(&[
        "spl_Type",
        "spl_Objectives",
        "spl_ActionPlan",
        "spl_PlannedEndDate",
        "spl_ActualEndDate",
    ]) {
        let plan = SupportPlan {
            plan_type: c.text("spl_Type").unwrap_or_default(),
            objectives: c.text("spl_Objectives"),
            action_plan: c.text("spl_ActionPlan"),
            planned_end_date: c.date("spl_PlannedEndDate"),
            actual_end_date: c.date("spl_ActualEndDate"),
        };
        case.support_plans.push(plan);
    }
    case.sharing = match c.text("sharing_level") {
        Some(level) => Sharing {
            level,
            states: c.list("sharing_states"),
        },
        None => Sharing {
            states: if c.any(&["sharing_states"]) {
                c.list("sharing_states")
            } else {
                default_sharing.states.clone()
            },
            ..default_sharing.clone()
        },
    };

    let mut errors = c.errors;
    case.normalise();
    for mut e in case.validate(today) {
        e.field = column_of(&e.field);
        errors.push(e);
    }
    if errors.is_empty() {
        Ok(case)
    } else {
        Err(errors)
    }
}

const EVENT_COLUMNS: [&str; 10] = [
    "hte_Type",
    "hte_Country",
    "hte_State",
    "hte_City",
    "hte_Street",
    "hte_PostalCode",
    "hte_Latitude",
    "hte_Longitude",
    "hte_Date",
    "hte_Description",
];

/// Maps a record field path (`events[0].hte_Country`, `prs_Citizenship[1]`) to its column.
fn column_of(path: &str) -> String {
    match path {
        "sharing.level" => return "sharing_level".into(),
        p if p.starts_with("sharing.") => return "sharing_states".into(),
        _ => {}
    }
    let last = path.rsplit('.').next().unwrap_or(path);
    last.split('[').next().unwrap_or(last).to_string()
}

/// Why a case does not fit one flat row.
fn not_flat(field: &str, what: &str) -> FieldError {
    err(
        field,
        "not_flat",
        format!("the flat layout holds {what}; export this case as JSON"),
    )
}

/// A case's cells in [`COLUMNS`] order. Refuses (rather than drops) what one row cannot hold:
/// more than one perpetrator, event or support plan, or a perpetrator's name.
pub fn to_row(case: &VictimCase) -> Result<Vec<String>, Vec<FieldError>> {
    let mut errors = Vec::new();
    if case.perpetrators.len() > 1 {
        errors.push(not_flat("perpetrators", "one perpetrator"));
    }
    if case
        .perpetrators
        .iter()
        .any(|p| p.first_name.is_some() || p.second_name.is_some())
    {
        errors.push(not_flat(
            "perpetrators",
            "a perpetrator's roles but not their name",
        ));
    }
    if case.events.len() > 1 {
        errors.push(not_flat("events", "one historic event"));
    }
    if case.support_plans.len() > 1 {
        errors.push(not_flat("support_plans", "one support plan"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let date = |v: &Option<PartialDate>| v.map(|d| d.to_string()).unwrap_or_default();
    let num = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
    let float = |v: Option<f64>| v.map(|n| n.to_string()).unwrap_or_default();
    let boolean = |v: Option<bool>| match v {
        Some(true) => "TRUE".to_string(),
        Some(false) => "FALSE".to_string(),
        None => String::new(),
    };
    let list = |v: &[String]| v.join(";");
    let p = &case.person;
    let v = &case.victim;
    let k = &case.case;
    let per = case.perpetrators.first().cloned().unwrap_or_default();
    let ev = case.events.first().cloned().unwrap_or_default();
    let spl = case.support_plans.first().cloned().unwrap_or_default();
    let cells: HashMap<&str, String> = HashMap::from([
        ("external_ref", opt(&case.external_ref)),
        ("cas_CaseOwner", opt(&k.case_owner)),
        ("prs_Salutation", opt(&p.salutation)),
        ("prs_FirstName", opt(&p.first_name)),
        ("prs_MiddleName", opt(&p.middle_name)),
        ("prs_SecondName", opt(&p.second_name)),
        ("con_Consent", boolean(case.consent)),
        ("prs_Birthdate", date(&p.birthdate)),
        ("prs_Gender", opt(&p.gender)),
        ("prs_Citizenship", list(&p.citizenship)),
        ("prs_Title", opt(&p.title)),
        ("prs_Email", opt(&p.email)),
        ("prs_HomePhone", opt(&p.home_phone)),
        ("prs_MobilePhone", opt(&p.mobile_phone)),
        ("prs_MailingCity", opt(&p.mailing_city)),
        ("prs_MailingCountry", opt(&p.mailing_country)),
        ("prs_MailingState", opt(&p.mailing_state)),
        ("prs_MailingStreet", opt(&p.mailing_street)),
        ("prs_MailingPostalCode", opt(&p.mailing_postal_code)),
        ("prs_Deceased", boolean(p.deceased)),
        ("prs_MaritalStatus", opt(&p.marital_status)),
        ("prs_NumberOfChildren", num(p.number_of_children)),
        ("prs_PrimaryLanguage", opt(&p.primary_language)),
        ("prs_SecondaryLanguage", opt(&p.secondary_language)),
        (
            "prs_HighestLevelOfEducation",
            opt(&p.highest_level_of_education),
        ),
        ("prs_IdentityNumber", opt(&p.identity_number)),
        ("vic_TraffickingStatus", opt(&v.trafficking_status)),
        (
            "vic_TraffickingStatusDecisionMakingOrg",
            opt(&v.decision_making_org),
        ),
        (
            "vic_RelationshipToTrafficker",
            opt(&v.relationship_to_trafficker),
        ),
        ("vic_AgeWhenTrafficked", num(v.age_when_trafficked)),
        ("vic_MethodOfRecruitment", list(&v.method_of_recruitment)),
        ("vic_LocationOfRecruitment", opt(&v.location_of_recruitment)),
        (
            "vic_RecruitmentWebsitesAndApps",
            list(&v.recruitment_websites_and_apps),
        ),
        ("vic_MethodsOfControl", list(&v.methods_of_control)),
        ("vic_TypeOfExploitation", list(&v.type_of_exploitation)),
        ("vic_ForcedLabourIndustry", list(&v.forced_labour_industry)),
        (
            "vic_TypeOfSexExploitation",
            list(&v.type_of_sex_exploitation),
        ),
        (
            "vic_LocationOfExploitation",
            opt(&v.location_of_exploitation),
        ),
        (
            "vic_ExploitationWebsitesAndApps",
            list(&v.exploitation_websites_and_apps),
        ),
        ("per_RoleInProcess", list(&per.role_in_process)),
        ("per_RoleDetails", opt(&per.role_details)),
        ("per_Organisation", opt(&per.organisation)),
        ("hte_Type", ev.event_type.clone()),
        ("hte_Country", opt(&ev.country)),
        ("hte_State", opt(&ev.state)),
        ("hte_City", opt(&ev.city)),
        ("hte_Street", opt(&ev.street)),
        ("hte_PostalCode", opt(&ev.postal_code)),
        ("hte_Latitude", float(ev.latitude)),
        ("hte_Longitude", float(ev.longitude)),
        ("hte_Date", date(&ev.date)),
        ("hte_Description", opt(&ev.description)),
        ("cas_Status", opt(&k.status)),
        ("cas_ReferringOrganisation", opt(&k.referring_organisation)),
        ("cas_IncomingReferralDate", date(&k.incoming_referral_date)),
        (
            "cas_ReferringPrimaryCaseWorker",
            opt(&k.referring_primary_case_worker),
        ),
        (
            "cas_ReasonForIncomingReferral",
            opt(&k.reason_for_incoming_referral),
        ),
        (
            "cas_IncomingReferralDetails",
            opt(&k.incoming_referral_details),
        ),
        ("cas_ReferredOrganisation", opt(&k.referred_organisation)),
        (
            "cas_ReferredPrimaryCaseWorker",
            opt(&k.referred_primary_case_worker),
        ),
        (
            "cas_ReasonForOutgoingReferral",
            opt(&k.reason_for_outgoing_referral),
        ),
        ("cas_OutgoingReferralDate", date(&k.outgoing_referral_date)),
        (
            "cas_OutgoingReferralDetails",
            opt(&k.outgoing_referral_details),
        ),
        ("cas_ReasonForCaseClosure", opt(&k.reason_for_case_closure)),
        ("spl_Type", spl.plan_type.clone()),
        ("spl_Objectives", opt(&spl.objectives)),
        ("spl_ActionPlan", opt(&spl.action_plan)),
        ("spl_PlannedEndDate", date(&spl.planned_end_date)),
        ("spl_ActualEndDate", date(&spl.actual_end_date)),
        (
            "vic_ForcedCriminalityIndicators",
            list(&v.forced_criminality_indicators),
        ),
        ("sharing_level", case.sharing.level.clone()),
        ("sharing_states", list(&case.sharing.states)),
    ]);
    Ok(COLUMNS
        .iter()
        .map(|c| cells.get(c.name).cloned().unwrap_or_default())
        .collect())
}

/// Writes cases as flat CSV with one header row of HTCDS field names. Returns, per case that
/// does not fit one row, its index and why; the others are written.
pub fn write_csv<W: Write>(
    cases: &[VictimCase],
    out: W,
) -> Result<Vec<(usize, Vec<FieldError>)>, ImportError> {
    let mut w = csv::Writer::from_writer(out);
    let io = |e: csv::Error| ImportError::Io(std::io::Error::other(e));
    w.write_record(COLUMNS.iter().map(|c| c.name)).map_err(io)?;
    let mut refused = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        match to_row(case) {
            Ok(row) => w.write_record(&row).map_err(io)?,
            Err(e) => refused.push((i, e)),
        }
    }
    w.flush()?;
    Ok(refused)
}
