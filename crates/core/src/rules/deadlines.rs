//! Deadlines: when each action against a filing opens and closes, from the record's dates.
//!
//! [`deadlines`] returns, for a CN or JP record (other offices get none):
//!
//! | action | office | basis | opens | closes |
//! |---|---|---|---|---|
//! | opposition | CN | Art. 33 | preliminary-approval publication (`dates.publication`) | publication + 3 months |
//! | opposition | JP | Art. 43-2 | registration gazette issue (`dates.gazette`) | gazette + 2 months |
//! | invalidation / cancellation | CN, JP | the grounds' `post_basis` | registration | registration + the grounds' limit (5 years), or never |
//! | non-use cancellation | CN | Art. 49(2) | day after registration + 3 years | never |
//! | non-use cancellation | JP | Art. 50 | day after registration + 3 years | never |
//!
//! A CN application not yet published also gets a note on when it shows in the public
//! register (about 20 days after filing), so a watcher knows how early it can be seen.
//!
//! Post-registration deadlines are grouped: one per `(action, basis, limit)` among the
//! record office's grounds, listing the ground codes and articles it rests on.
//!
//! **Month arithmetic.** A period of *n* months from an event closes on the day of the final
//! month that has the event's day number (publication 15 January + 3 months → closes
//! 15 April, inclusive); when the final month is shorter, on its last day (30 November + 3
//! months → 28 or 29 February; 31 August + 3 months → 30 November). This is the rule of both
//! offices: the event day is not counted, and the period ends on the "corresponding day" of
//! the final month, or its last day if it has none (CN Trademark Law Implementing
//! Regulations Art. 12; JP Trademark Act Art. 77(1) applying Patent Act Art. 3). One
//! refinement for Japan: when the event is the last day of a month, counting starts on the
//! first of the next month, and a period counted from the start of a month ends on the last
//! day of its final month (JP gazette 30 November + 2 months → 31 January, while a CN
//! publication on 30 November + 2 months would close 30 January).
//!
//! **Not modelled:** public holidays and office closures (both offices move a period that
//! ends on a non-working day to the next working day). Every deadline carries a note saying
//! so: treat `closes` as the conservative date.
//!
//! `days_left` is `closes − today` in calendar days (0 on the last day, negative once closed),
//! whenever `closes` is known and the record is still alive. States, for a window
//! `[opens, closes]`: `upcoming` before `opens` (or when `opens` depends on a future event),
//! `open` inside it, `closed` after `closes` (or when the status shows it is over: a CN mark
//! registered without a publication date; a refused, withdrawn, invalidated or expired filing),
//! `unlimited` once open with no closing date, `unknown` when a date it needs is missing from
//! the record (`reason_if_unknown` says which).

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::table::PostAction;
use super::GroundFinding;
use crate::{Clock, Office, Record, Status};

/// The note every deadline carries.
pub const HOLIDAY_NOTE: &str = "holidays and office closures are not modelled: a period ending \
on a non-working day may run to the next working day";

/// What the user can do against the filing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Opposition against the published application (CN) or the registration (JP).
    Opposition,
    /// Invalidation of the registration.
    Invalidation,
    /// Cancellation of the registration on a ground (JP Art. 53-2).
    Cancellation,
    /// Cancellation for three years of non-use.
    NonUseCancellation,
}

impl Action {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Opposition => "opposition",
            Action::Invalidation => "invalidation",
            Action::Cancellation => "cancellation",
            Action::NonUseCancellation => "non_use_cancellation",
        }
    }
}

/// Where a deadline stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineState {
    /// Not open yet.
    Upcoming,
    /// Open, with a closing date.
    Open,
    /// Past its closing date, over by the record's status (a CN registration ends the
    /// opposition period), or moot (the filing was refused, withdrawn, invalidated, expired).
    Closed,
    /// Open with no closing date.
    Unlimited,
    /// A date it needs is missing from the record.
    Unknown,
}

/// One action's window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    /// The action.
    pub action: Action,
    /// The office where the action is taken.
    pub office: Office,
    /// The article that sets the period, with the articles of the grounds it rests on.
    pub basis: String,
    /// The ground codes the action rests on (empty for non-use cancellation).
    pub grounds: Vec<String>,
    /// First day the action can be taken, when known.
    pub opens: Option<NaiveDate>,
    /// Last day (inclusive) the action can be taken; `None` if it never closes or is unknown.
    pub closes: Option<NaiveDate>,
    /// `closes − today` in days (0 on the last day, negative once closed).
    pub days_left: Option<i64>,
    /// Where the deadline stands today.
    pub state: DeadlineState,
    /// Why the state is unknown (which date is missing); `None` otherwise.
    pub reason_if_unknown: Option<String>,
    /// Notes: exceptions to a limit, the holiday caveat (always last).
    pub notes: Vec<String>,
}

/// A sort key: smaller is more urgent. Open deadlines first (closing soonest first), then
/// upcoming (opening soonest first, unknown opening last), unlimited, closed (most recently
/// closed first), unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Urgency(u8, i64);

impl Urgency {
    /// The least urgent key, for a finding with no deadlines.
    pub const NONE: Urgency = Urgency(u8::MAX, 0);

    /// The most urgent key among `deadlines`, or [`Urgency::NONE`]; sort findings by it.
    pub fn of(deadlines: &[Deadline]) -> Urgency {
        deadlines
            .iter()
            .map(Deadline::urgency)
            .min()
            .unwrap_or(Urgency::NONE)
    }
}

impl Deadline {
    /// This deadline's sort key.
    pub fn urgency(&self) -> Urgency {
        let day = |d: Option<NaiveDate>| d.map(|d| i64::from(d.num_days_from_ce()));
        match self.state {
            DeadlineState::Open => Urgency(0, day(self.closes).unwrap_or(i64::MAX)),
            DeadlineState::Upcoming => Urgency(1, day(self.opens).unwrap_or(i64::MAX)),
            DeadlineState::Unlimited => Urgency(2, 0),
            DeadlineState::Closed => Urgency(3, day(self.closes).map_or(i64::MAX, |d| -d)),
            DeadlineState::Unknown => Urgency(4, 0),
        }
    }
}

/// Sorts deadlines by [`Deadline::urgency`], then action; stable.
pub fn sort_by_urgency(deadlines: &mut [Deadline]) {
    deadlines.sort_by(|a, b| match a.urgency().cmp(&b.urgency()) {
        Ordering::Equal => a.action.cmp(&b.action),
        o => o,
    });
}

/// The last day of a period of `months` months from `event` at `office`, per the module's
/// month rule; `None` if the date would overflow the calendar.
pub fn period_end(office: &Office, event: NaiveDate, months: u32) -> Option<NaiveDate> {
    let same_day = event.checked_add_months(Months::new(months))?;
    let event_is_month_end = event.checked_add_days(Days::new(1))?.day() == 1;
    if *office == Office::JP && event_is_month_end {
        last_day_of_month(same_day)
    } else {
        Some(same_day)
    }
}

fn last_day_of_month(d: NaiveDate) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(d.year(), d.month(), 1)?
        .checked_add_months(Months::new(1))?
        .pred_opt()
}

struct Procedure {
    opposition_basis: &'static str,
    opposition_event: &'static str,
    opposition_months: u32,
    opposition_waits_for_registration: bool,
    non_use_basis: &'static str,
    /// About how many days after filing a new application shows in the public register.
    register_visible_after_days: Option<u64>,
}

/// The procedure of an office; `None` for offices markwatch has no rules for.
fn procedure(office: &Office) -> Option<Procedure> {
    match office {
        Office::CN => Some(Procedure {
            opposition_basis: "Art. 33",
            opposition_event: "publication",
            opposition_months: 3,
            opposition_waits_for_registration: false,
            non_use_basis: "Art. 49(2)",
            register_visible_after_days: Some(20),
        }),
        Office::JP => Some(Procedure {
            opposition_basis: "Art. 43-2",
            opposition_event: "registration gazette issue",
            opposition_months: 2,
            opposition_waits_for_registration: true,
            non_use_basis: "Art. 50",
            register_visible_after_days: None,
        }),
        _ => None,
    }
}

fn is_dead(status: Status) -> bool {
    matches!(
        status,
        Status::Refused | Status::Withdrawn | Status::Invalidated | Status::Expired
    )
}

/// Builds one deadline from its window.
struct Window<'a> {
    action: Action,
    office: &'a Office,
    basis: String,
    grounds: Vec<String>,
    notes: Vec<String>,
}

impl Window<'_> {
    fn finish(
        self,
        status: Status,
        today: NaiveDate,
        dates: Result<(NaiveDate, Option<NaiveDate>), Missing>,
    ) -> Deadline {
        let mut notes = self.notes;
        let (opens, closes, state, reason) = match dates {
            Ok((opens, closes)) => {
                let state = if today < opens {
                    DeadlineState::Upcoming
                } else {
                    match closes {
                        Some(c) if today > c => DeadlineState::Closed,
                        Some(_) => DeadlineState::Open,
                        None => DeadlineState::Unlimited,
                    }
                };
                (Some(opens), closes, state, None)
            }
            Err(Missing::Awaiting(event)) => {
                notes.insert(0, format!("opens on {event}, not yet on the record"));
                (None, None, DeadlineState::Upcoming, None)
            }
            Err(Missing::Unknown(reason)) => (None, None, DeadlineState::Unknown, Some(reason)),
            Err(Missing::Passed(why)) => {
                notes.insert(0, why);
                (None, None, DeadlineState::Closed, None)
            }
        };
        let (state, days_left) = if is_dead(status) {
            notes.insert(
                0,
                format!("the filing is {}: nothing left to act on", status.as_str()),
            );
            (DeadlineState::Closed, None)
        } else {
            (state, closes.map(|c| (c - today).num_days()))
        };
        notes.push(HOLIDAY_NOTE.to_string());
        Deadline {
            action: self.action,
            office: self.office.clone(),
            basis: self.basis,
            grounds: self.grounds,
            opens,
            closes,
            days_left,
            state,
            reason_if_unknown: reason,
            notes,
        }
    }
}

enum Missing {
    /// The opening event has not happened yet (the record's status says so).
    Awaiting(String),
    /// A date that should be on the record is not.
    Unknown(String),
    /// The date is missing but the record's status shows the window has closed.
    Passed(String),
}

fn out_of_range() -> Missing {
    Missing::Unknown("a date on the record is out of the calendar's range".into())
}

/// The deadlines against `record` given the grounds found for it, as of `clock.today()`.
///
/// Only grounds of the record's office count. Returns an empty list for an office other than
/// CN or JP. Deadlines come in urgency order ([`sort_by_urgency`]).
pub fn deadlines(record: &Record, grounds: &[GroundFinding], clock: &dyn Clock) -> Vec<Deadline> {
    let Some(proc) = procedure(&record.office) else {
        return Vec::new();
    };
    let today = clock.today();
    let office = &record.office;
    let status = record.status;
    let registered = matches!(status, Status::Registered);
    let grounds: Vec<&GroundFinding> = grounds.iter().filter(|g| g.office == *office).collect();
    let mut out = Vec::new();

    // Opposition.
    let event = if proc.opposition_waits_for_registration {
        record.dates.gazette
    } else {
        record.dates.publication
    };
    let not_yet = if proc.opposition_waits_for_registration {
        matches!(status, Status::Filed | Status::Published)
    } else {
        matches!(status, Status::Filed)
    };
    let dates = match event {
        Some(e) => period_end(office, e, proc.opposition_months)
            .map(|c| (e, Some(c)))
            .ok_or_else(out_of_range),
        None if registered && !proc.opposition_waits_for_registration => Err(Missing::Passed(
            "the mark is registered, so the opposition period has ended".into(),
        )),
        None if not_yet => Err(Missing::Awaiting(format!(
            "the {} date",
            proc.opposition_event
        ))),
        None => Err(Missing::Unknown(format!(
            "no {} date on the record",
            proc.opposition_event
        ))),
    };
    let mut notes = vec![format!(
        "{} months from the {} date",
        proc.opposition_months, proc.opposition_event
    )];
    if let (Some(days), Some(filed), true) = (
        proc.register_visible_after_days,
        record.dates.filing,
        event.is_none() && matches!(status, Status::Filed),
    ) {
        if let Some(visible) = filed.checked_add_days(Days::new(days)) {
            notes.push(format!(
                "the application is visible in the public register from about {visible} \
                 ({days} days after filing)"
            ));
        }
    }
    let opposable: Vec<&&GroundFinding> = grounds.iter().filter(|g| g.opposition).collect();
    out.push(
        Window {
            action: Action::Opposition,
            office,
            basis: with_articles(proc.opposition_basis, opposable.iter().map(|g| &***g)),
            grounds: opposable.iter().map(|g| g.code.clone()).collect(),
            notes,
        }
        .finish(status, today, dates),
    );

    // Invalidation and cancellation on the grounds, grouped by remedy, basis and limit.
    let mut groups: BTreeMap<(PostAction, String, Option<u32>), Vec<&GroundFinding>> =
        BTreeMap::new();
    for g in &grounds {
        groups
            .entry((
                g.post_action,
                g.post_basis.clone(),
                g.invalidation_limit.years,
            ))
            .or_default()
            .push(g);
    }
    for ((action, basis, years), members) in groups {
        let mut notes: Vec<String> = Vec::new();
        match years {
            Some(y) => notes.push(format!("{y} years from registration")),
            None => notes.push("no time limit".to_string()),
        }
        for g in &members {
            if let (Some(_), Some(unless)) = (years, &g.invalidation_limit.unless) {
                notes.push(format!("{}: no time limit if {unless}", g.code));
            }
        }
        let dates = match record.dates.registration {
            Some(r) => match years {
                Some(y) => period_end(office, r, y * 12)
                    .map(|c| (r, Some(c)))
                    .ok_or_else(out_of_range),
                None => Ok((r, None)),
            },
            None if registered => Err(Missing::Unknown(
                "no registration date on the record".into(),
            )),
            None => Err(Missing::Awaiting("registration".into())),
        };
        out.push(
            Window {
                action: match action {
                    PostAction::Invalidation => Action::Invalidation,
                    PostAction::Cancellation => Action::Cancellation,
                },
                office,
                basis: with_articles(&basis, members.iter().copied()),
                grounds: members.iter().map(|g| g.code.clone()).collect(),
                notes,
            }
            .finish(status, today, dates),
        );
    }

    // Non-use cancellation: open once three years have passed since registration.
    let dates = match record.dates.registration {
        Some(r) => period_end(office, r, 36)
            .and_then(|end| end.succ_opt())
            .map(|o| (o, None))
            .ok_or_else(out_of_range),
        None if registered => Err(Missing::Unknown(
            "no registration date on the record".into(),
        )),
        None => Err(Missing::Awaiting("registration".into())),
    };
    out.push(
        Window {
            action: Action::NonUseCancellation,
            office,
            basis: proc.non_use_basis.to_string(),
            grounds: Vec::new(),
            notes: vec!["after 3 consecutive years of non-use since registration".to_string()],
        }
        .finish(status, today, dates),
    );

    sort_by_urgency(&mut out);
    out
}

/// `basis`, then the distinct articles of `grounds` in parentheses (`Art. 45 (Art. 13(2),(3);
/// Art. 30)`), or `basis` alone when there are none.
fn with_articles<'a>(basis: &str, grounds: impl Iterator<Item = &'a GroundFinding>) -> String {
    let mut arts: Vec<&str> = Vec::new();
    for g in grounds {
        if !arts.contains(&g.article.as_str()) && g.article != basis {
            arts.push(&g.article);
        }
    }
    if arts.is_empty() {
        basis.to_string()
    } else {
        format!("{basis} ({})", arts.join("; "))
    }
}
