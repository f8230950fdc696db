//! Notifications: the one place the workflows write them (`notify`).
//!
//! A workflow says what happened in a [`Notice`]: its category, its default channel and text
//! (from `messages`, in the organization's language), what it is about, the rule that wrote it,
//! and, when the organization may tailor it, the scenario trigger it is an instance of with the
//! values its templates may name. `notify` then:
//!
//! 1. **Templates** (`notification_scenarios`): the organization's enabled scenario for the
//!    trigger (the one whose `offset_days` matches, else the first by key) gives the title and
//!    body, its `{{placeholders}}` filled from the notice's values (a placeholder the notice
//!    does not know stays as written, so a typo shows instead of vanishing), and the channels
//!    to write on (unless the notice's channel was chosen for it, as a scheduled reminder's
//!    is). Without one, or with one switched off, the notice's own text and channel go
//!    out: the rules that require a notice (`mentor_notified_on_decision`) hold either way.
//! 2. **Opt-ins** (`notification_opt_in`), per channel: an opt-out of the channel
//!    (`notification_preferences` without a scenario) or of this scenario on the channel (with
//!    it) skips that channel; for push, so does every registered device having the notice's
//!    category switched off. System notices are always written.
//! 3. One `notifications` row per channel left (status `pending`, the scenario recorded),
//!    written by the server (`System`) in the workflow's transaction, and the recipient's
//!    `notificationAdded` subscribers woken once it commits (`crate::wakeups`). Delivery to
//!    devices and mailboxes is not done here.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, prelude::Uuid,
};

use crate::{authz::writes_system::System, error::ApiResult};
use entity::{
    notification_preferences as prefs, notification_scenarios as scenarios, notifications,
    push_notification_configs as push,
};

pub use scenarios::NotificationScenarioTrigger as Trigger;

/// What a notification says and what it is about.
pub struct Notice {
    pub category: notifications::NotificationCategory,
    pub channel: notifications::NotificationChannel,
    pub title: String,
    pub body: String,
    pub related: Option<(&'static str, Uuid)>,
    pub data: serde_json::Value,
    pub rule: &'static str,
    /// The organization's scenario this notice is an instance of, if it may tailor it.
    pub scenario: Option<Scenario>,
}

/// A notice's trigger and the values its templates may name.
pub struct Scenario {
    pub trigger: Trigger,
    /// Days before the date the notice is about (certificate expiry), when it has one.
    pub offset_days: Option<i32>,
    pub values: Vec<(&'static str, String)>,
    /// The notice's channel was chosen for this one notice (a reminder scheduled by e-mail):
    /// the template gives the text only.
    pub fixed_channel: bool,
}

/// Writes `notice` for `user` (see the module docs); returns the rows written, one per channel
/// the user takes.
pub async fn notify(
    txn: &DatabaseTransaction,
    by: Option<Uuid>,
    organization: Uuid,
    user: Uuid,
    notice: &Notice,
    now: DateTime<Utc>,
) -> ApiResult<Vec<notifications::Model>> {
    let template = match &notice.scenario {
        Some(s) => template(txn, organization, s).await?,
        None => None,
    };
    let (title, body, channels) = match (&template, &notice.scenario) {
        (Some(t), Some(s)) => (
            render(&t.title_template, &s.values),
            render(&t.body_template, &s.values),
            match s.fixed_channel {
                true => vec![notice.channel],
                false => channels(&t.channels).unwrap_or_else(|| vec![notice.channel]),
            },
        ),
        _ => (
            notice.title.clone(),
            notice.body.clone(),
            vec![notice.channel],
        ),
    };
    let scenario_id = template.as_ref().map(|t| t.id);
    let mut written = Vec::new();
    for channel in channels {
        if !wants(
            txn,
            organization,
            user,
            notice.category,
            channel,
            scenario_id,
        )
        .await?
        {
            continue;
        }
        let am = notifications::ActiveModel {
            user_id: sea_orm::Set(user),
            scenario_id: sea_orm::Set(scenario_id),
            channel: sea_orm::Set(channel),
            category: sea_orm::Set(notice.category),
            title: sea_orm::Set(title.clone()),
            body: sea_orm::Set(body.clone()),
            related_entity_type: sea_orm::Set(notice.related.map(|(t, _)| t.to_string())),
            related_entity_id: sea_orm::Set(notice.related.map(|(_, id)| id)),
            data: sea_orm::Set(notice.data.clone()),
            status: sea_orm::Set(notifications::NotificationStatus::Pending),
            ..Default::default()
        };
        written.push(
            System::acting(now, by)
                .insert::<notifications::Entity>(txn, by, organization, am, notice.rule)
                .await?,
        );
    }
    if !written.is_empty() {
        // The recipient's subscribers on this instance are woken once the operation is over
        // (after this transaction committed); other instances find the rows by polling.
        crate::wakeups::notification_written(user);
    }
    Ok(written)
}

/// The organization's enabled scenario for the trigger: the one with the notice's offset, else
/// the first by key.
async fn template(
    txn: &DatabaseTransaction,
    organization: Uuid,
    s: &Scenario,
) -> ApiResult<Option<scenarios::Model>> {
    let found = scenarios::Entity::find()
        .filter(scenarios::Column::OrganizationId.eq(organization))
        .filter(scenarios::Column::Trigger.eq(s.trigger))
        .filter(scenarios::Column::IsEnabled.eq(true))
        .filter(scenarios::Column::DeletedAt.is_null())
        .order_by_asc(scenarios::Column::Key)
        .all(txn)
        .await?;
    let exact = found
        .iter()
        .position(|t| s.offset_days.is_some() && t.offset_days == s.offset_days);
    Ok(match exact {
        Some(i) => found.into_iter().nth(i),
        None => found.into_iter().next(),
    })
}

/// `{{name}}` (also `{{ name }}`) replaced by its value; unknown placeholders stay as written.
pub fn render(template: &str, values: &[(&'static str, String)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out
            .replace(&format!("{{{{{name}}}}}"), value)
            .replace(&format!("{{{{ {name} }}}}"), value);
    }
    out
}

/// A scenario's channels (a JSON array of channel names); None when it names none the server
/// knows.
fn channels(json: &serde_json::Value) -> Option<Vec<notifications::NotificationChannel>> {
    let names: Vec<String> = serde_json::from_value(json.clone()).ok()?;
    let mut out = Vec::new();
    for name in names {
        if let Ok(c) = serde_json::from_value(serde_json::Value::String(name))
            && !out.contains(&c)
        {
            out.push(c);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// `notification_opt_in`: whether `user` takes a notice of `category` on `channel` (see the
/// module docs).
async fn wants(
    txn: &DatabaseTransaction,
    organization: Uuid,
    user: Uuid,
    category: notifications::NotificationCategory,
    channel: notifications::NotificationChannel,
    scenario: Option<Uuid>,
) -> ApiResult<bool> {
    use notifications::{NotificationCategory as Category, NotificationChannel as Channel};
    if matches!(category, Category::System) {
        return Ok(true);
    }
    let mut applies = sea_orm::Condition::any().add(prefs::Column::ScenarioId.is_null());
    if let Some(s) = scenario {
        applies = applies.add(prefs::Column::ScenarioId.eq(s));
    }
    let opted_out = prefs::Entity::find()
        .filter(prefs::Column::OrganizationId.eq(organization))
        .filter(prefs::Column::UserId.eq(user))
        .filter(prefs::Column::Channel.eq(channel))
        .filter(applies)
        .filter(prefs::Column::IsEnabled.eq(false))
        .filter(prefs::Column::DeletedAt.is_null())
        .one(txn)
        .await?
        .is_some();
    if opted_out {
        return Ok(false);
    }
    if channel != Channel::Push {
        return Ok(true);
    }
    let devices = push::Entity::find()
        .filter(push::Column::OrganizationId.eq(organization))
        .filter(push::Column::UserId.eq(user))
        .filter(push::Column::IsEnabled.eq(true))
        .filter(push::Column::TokenInvalidatedAt.is_null())
        .filter(push::Column::DeletedAt.is_null())
        .all(txn)
        .await?;
    let takes = |d: &push::Model| match category {
        Category::Assignment => d.assignment_alerts,
        Category::Activity => d.activity_reminders,
        Category::Certification => d.certificate_expiry_warnings,
        Category::Event => d.event_updates,
        Category::Achievement => d.achievements,
        Category::Expense | Category::System => true,
    };
    Ok(devices.is_empty() || devices.iter().any(takes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use notifications::NotificationChannel as Channel;

    #[test]
    fn templates_fill_known_placeholders_and_keep_unknown_ones() {
        let values = vec![
            ("activity", "Hjemmebesøk".to_string()),
            ("date", "1. februar 2026".to_string()),
        ];
        assert_eq!(
            render("{{activity}} {{ date }} er {{decision}}.", &values),
            "Hjemmebesøk 1. februar 2026 er {{decision}}."
        );
    }

    #[test]
    fn scenario_channels_are_the_known_names_once_each() {
        let json = serde_json::json!(["push", "email", "push", "fax"]);
        assert_eq!(channels(&json), Some(vec![Channel::Push, Channel::Email]));
        assert_eq!(channels(&serde_json::json!(["fax"])), None);
        assert_eq!(channels(&serde_json::json!("push")), None);
    }
}
