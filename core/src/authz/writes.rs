//! The write path every data mutation goes through, inside the caller's transaction:
//! - create: permission checked, `id`, timestamps, authors, organization (and owner, when the
//!   input left it unset) taken from the viewer, never from the client; the new row must be in
//!   the viewer's create scope or the transaction fails;
//! - update/delete: the row must be in scope before (else NOT_FOUND, or FORBIDDEN when the
//!   viewer can see but not change it) and, for updates, still in scope after;
//! - every change appends an audit event (changed column names only, never values).
//!
//! Foreign keys named in an input are checked with `ensure_reference`: a reference to a row the
//! viewer cannot read is refused exactly like a reference to a row that does not exist.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ActiveValue, ColumnTrait, ConnectionTrait,
    DatabaseTransaction, EntityTrait, IntoActiveModel, Iterable, ModelTrait, QueryFilter, Value,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    policy::{Action, Narrow, Secured, Tenant, row_condition, scoped, staff_reach},
    viewer::{Reach, Viewer},
    write_rules::{ColumnClasses, Relation, column_verdict},
    writes_system::append_write,
};
use crate::{
    audit::Verb,
    auth::session::ClientInfo,
    error::{ApiError, ApiResult},
};

/// Who writes: the viewer and the request they came with (for the audit trail), and when (the
/// request's instant on the domain clock, `clock::Clock`: every row one request writes shares it).
pub struct Writer<'a> {
    pub viewer: &'a Viewer,
    pub client: &'a ClientInfo,
    pub now: DateTime<Utc>,
}

pub(super) fn set<A: ActiveModelTrait>(am: &mut A, column: &str, value: Value) -> ApiResult<()> {
    let Ok(col) = <<A::Entity as EntityTrait>::Column as FromStr>::from_str(column) else {
        return Ok(()); // the table has no such column
    };
    am.try_set(col, value).map_err(ApiError::from)
}

pub(super) fn uuid_of(v: &Value) -> Option<Uuid> {
    match v {
        Value::Uuid(Some(u)) => Some(*u),
        _ => None,
    }
}

fn uuid_value<A: ActiveModelTrait>(
    am: &A,
    col: <A::Entity as EntityTrait>::Column,
) -> Option<Uuid> {
    match am.get(col).into_value() {
        Some(Value::Uuid(Some(u))) => Some(u),
        _ => None,
    }
}

/// snake_case column -> camelCase GraphQL field, for error messages.
pub fn field_name(column: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for ch in column.chars() {
        if ch == '_' {
            upper = true;
        } else if upper {
            out.extend(ch.to_uppercase());
            upper = false;
        } else {
            out.push(ch);
        }
    }
    out
}

/// Refuses a foreign key to a row of `T` that the viewer cannot read (or that does not exist):
/// BAD_USER_INPUT with rule `reference_in_scope`, the same answer in both cases.
pub async fn ensure_reference<T: Secured>(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    column: &str,
    id: Option<Uuid>,
) -> ApiResult<()> {
    let Some(id) = id else { return Ok(()) };
    let visible = match scoped::<T>(viewer, Action::Read) {
        Ok(select) => select
            .filter(T::id_column().eq(id))
            .one(db)
            .await?
            .is_some(),
        Err(_) => false,
    };
    if visible {
        Ok(())
    } else {
        Err(ApiError::bad_input(
            field_name(column),
            "reference_in_scope",
            format!(
                "{} does not name a {} you can see",
                field_name(column),
                T::RESOURCE.to_lowercase().replace('_', " ")
            ),
        ))
    }
}

fn changed_columns<A: ActiveModelTrait>(am: &A) -> Vec<String> {
    <A::Entity as EntityTrait>::Column::iter()
        .filter(|c| am.get(*c).is_set())
        .map(|c| sea_orm::IdenStatic::as_str(&c).to_string())
        .filter(|c| !matches!(c.as_str(), "updated_at" | "updated_by_id"))
        .collect()
}

fn organization_of<A: ActiveModelTrait>(am: &A) -> Option<Uuid> {
    let col = <<A::Entity as EntityTrait>::Column as FromStr>::from_str("organization_id").ok()?;
    uuid_value(am, col)
}

pub(super) fn column_name<C: sea_orm::IdenStatic>(c: &C) -> String {
    sea_orm::IdenStatic::as_str(c).to_string()
}

/// A table's write rules with snake_case column names (`write_rules::ColumnClasses`).
pub fn column_classes<E: Secured>() -> ColumnClasses {
    let rules = E::write_rules();
    let names = |cols: &[E::Column]| cols.iter().map(column_name).collect::<Vec<_>>();
    ColumnClasses {
        table: E::default().table_name().to_string(),
        resource: E::RESOURCE,
        server: names(rules.server),
        immutable: names(rules.immutable),
        own: rules.own.map(names),
        review: names(&E::review_columns()),
        subject: E::subject_column().as_ref().map(column_name),
        machine: rules.machine.as_ref().map(|m| column_name(&m.column)),
        machine_workflow: rules.machine.as_ref().is_some_and(|m| m.workflow.is_some()),
        machine_initial: rules
            .machine
            .as_ref()
            .map_or_else(Vec::new, |m| m.initial.to_vec()),
        machine_moves: rules
            .machine
            .as_ref()
            .map_or_else(Vec::new, |m| m.moves.to_vec()),
        machine_frozen: rules
            .machine
            .as_ref()
            .map_or_else(Vec::new, |m| m.frozen.to_vec()),
    }
}

/// A status value as stored (`None` for NULL or a non-text column).
pub(super) fn state(v: &Value) -> Option<String> {
    match v {
        Value::String(Some(s)) => Some(s.to_string()),
        _ => None,
    }
}

pub(super) fn forbidden_field(column: &str, rule: &str, message: String) -> ApiError {
    ApiError::ForbiddenField {
        message,
        field: field_name(column),
        rule: rule.into(),
    }
}

impl Writer<'_> {
    /// How the viewer stands to the row `id` (whose subject is `subject`) for `action`.
    pub async fn relation<E: Secured>(
        &self,
        txn: &DatabaseTransaction,
        action: Action,
        id: Uuid,
        subject: Option<Uuid>,
    ) -> ApiResult<Relation> {
        Ok(Relation {
            subject: subject == Some(self.viewer.user_id),
            staff: staff_reach::<E>(txn, self.viewer, action, id).await?,
        })
    }

    /// The generic create and update mutations' column permissions (`write_rules`): every
    /// column the client `given` must be one the viewer may set on this row; a new row starts
    /// in one of its machine's initial states; a decided row changes nothing but its status.
    /// Runs before anything is written, so a refusal writes nothing.
    pub async fn check_columns<E>(
        &self,
        txn: &DatabaseTransaction,
        before: Option<&E::Model>,
        am: &E::ActiveModel,
        given: &[&str],
    ) -> ApiResult<()>
    where
        E: Secured,
        E::ActiveModel: ActiveModelTrait<Entity = E>,
    {
        let classes = column_classes::<E>();
        let staff = match before {
            Some(b) => {
                let id = uuid_of(&b.get(E::id_column())).ok_or(ApiError::NotFound)?;
                let reach = staff_reach::<E>(txn, self.viewer, Action::Update, id).await?;
                self.ensure_identity::<E>(b, reach)?;
                reach.is_some()
            }
            None => self
                .viewer
                .reaches(&format!("CREATE_{}", E::RESOURCE))
                .is_some_and(|r| r.iter().any(|r| *r != Reach::Own)),
        };
        if let (Some(b), Some(author), false) = (before, E::write_rules().own_author, staff)
            && uuid_of(&b.get(author)) != Some(self.viewer.user_id)
        {
            return Err(ApiError::ForbiddenField {
                message: "you may change only the rows you wrote yourself".into(),
                field: "id".into(),
                rule: "own_rows_only".into(),
            });
        }
        for column in given {
            if let Some(rule) = column_verdict(column, before.is_some(), staff, &classes) {
                let field = field_name(column);
                let message = match rule {
                    "column_server_only" => {
                        format!("{field} is set by the server, never by a client")
                    }
                    "status_via_workflow" => format!(
                        "{field} changes only through the workflow mutations ({})",
                        E::write_rules()
                            .machine
                            .and_then(|m| m.workflow)
                            .unwrap_or("")
                    ),
                    "column_immutable" => {
                        format!("{field} is set when the row is created and never changes")
                    }
                    _ => format!("your role may not set {field} on this row"),
                };
                return Err(forbidden_field(column, rule, message));
            }
        }
        let rules = E::write_rules();
        let Some(machine) = rules.machine else {
            return Ok(());
        };
        let status = column_name(&machine.column);
        match before {
            None => {
                if given.contains(&status.as_str()) && !machine.initial.is_empty() {
                    let to = am.get(machine.column).into_value().as_ref().and_then(state);
                    if !to.as_deref().is_some_and(|t| machine.initial.contains(&t)) {
                        return Err(forbidden_field(
                            &status,
                            "status_transition",
                            format!("a new row starts in one of: {}", machine.initial.join(", ")),
                        ));
                    }
                }
            }
            Some(b) => {
                let from = state(&b.get(machine.column)).unwrap_or_default();
                if machine.frozen.contains(&from.as_str())
                    && let Some(other) = given.iter().find(|c| **c != status)
                {
                    return Err(forbidden_field(
                        other,
                        "decided_row_frozen",
                        format!("the row is {from}: a decided row changes only its status"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// `status_transition` and `no_self_review` for a status change, on every path (generic
    /// update, workflow): the move must be declared, and made by whom it names.
    pub async fn ensure_move<E>(
        &self,
        txn: &DatabaseTransaction,
        before: &E::Model,
        to: &Value,
    ) -> ApiResult<()>
    where
        E: Secured,
    {
        let Some(machine) = E::write_rules().machine else {
            return Ok(());
        };
        let from = state(&before.get(machine.column)).unwrap_or_default();
        let to = state(to).unwrap_or_default();
        if from == to {
            return Ok(());
        }
        let status = column_name(&machine.column);
        let Some(by) = machine.find(&from, &to) else {
            let next = machine.next_states(&from);
            return Err(forbidden_field(
                &status,
                "status_transition",
                if next.is_empty() {
                    format!("{} is final: it cannot become {to}", from)
                } else {
                    format!("{from} can become {}, not {to}", next.join(" or "))
                },
            ));
        };
        let id = uuid_of(&before.get(E::id_column())).ok_or(ApiError::NotFound)?;
        let subject = E::subject_column().and_then(|c| uuid_of(&before.get(c)));
        let relation = self.relation::<E>(txn, Action::Update, id, subject).await?;
        if !by.allows(relation) {
            let rule = if relation.subject && relation.staff.is_some() {
                "no_self_review"
            } else {
                "status_transition"
            };
            return Err(forbidden_field(
                &status,
                rule,
                format!("{from} -> {to} is made by {}", by.describe()),
            ));
        }
        Ok(())
    }

    /// `no_self_review`: the row's subject sets none of its review columns. On update (`before`
    /// given) a review column may not change; on insert a nullable one stays null (a non-null
    /// one, such as a status, is fixed by the write path: the generic create does not take it).
    fn ensure_not_self_review<E: Secured>(
        &self,
        before: Option<&E::Model>,
        am: &E::ActiveModel,
    ) -> ApiResult<()>
    where
        E::ActiveModel: ActiveModelTrait<Entity = E>,
    {
        let Some(subject) = E::subject_column() else {
            return Ok(());
        };
        let subject_value = match before {
            Some(b) => b.get(subject),
            None => am.get(subject).into_value().unwrap_or(Value::Uuid(None)),
        };
        if subject_value != Value::Uuid(Some(self.viewer.user_id)) {
            return Ok(());
        }
        for col in E::review_columns() {
            let ActiveValue::Set(v) = am.get(col) else {
                continue;
            };
            let sets = match before {
                Some(b) => v != b.get(col),
                None => col.def().is_null() && v != v.as_null(),
            };
            if sets {
                let field = field_name(sea_orm::IdenStatic::as_str(&col));
                return Err(ApiError::ForbiddenField {
                    message: format!(
                        "{field} records someone else's decision: it cannot be set on your own row"
                    ),
                    field,
                    rule: "no_self_review".into(),
                });
            }
        }
        Ok(())
    }

    async fn audit<E: Secured>(
        &self,
        txn: &DatabaseTransaction,
        verb: Verb,
        id: Uuid,
        organization: Option<Uuid>,
        columns: Vec<String>,
    ) -> ApiResult<()> {
        self.audit_details::<E>(txn, verb, id, organization, json!({ "columns": columns }))
            .await
    }

    /// Appends `<VERB>_<RESOURCE>` on row `id` with `details` to the audit chain, the viewer
    /// as actor.
    pub(super) async fn audit_details<E: Secured>(
        &self,
        txn: &DatabaseTransaction,
        verb: Verb,
        id: Uuid,
        organization: Option<Uuid>,
        details: serde_json::Value,
    ) -> ApiResult<()> {
        append_write::<E>(
            txn,
            verb,
            id,
            organization.or(self.viewer.organization_id),
            Some(self.viewer.user_id),
            Some(self.client),
            details,
        )
        .await
    }

    /// Inserts `am` (filled from the client's input) as the viewer.
    pub async fn insert<E>(
        &self,
        txn: &DatabaseTransaction,
        mut am: E::ActiveModel,
    ) -> ApiResult<E::Model>
    where
        E: Secured,
        E::ActiveModel: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
        E::Model: IntoActiveModel<E::ActiveModel>,
    {
        let condition = row_condition::<E>(self.viewer, Action::Create)?;
        let viewer = self.viewer;
        let id = Uuid::now_v7();
        let now = self.now;
        am.try_set(E::id_column(), id.into())?;
        set(&mut am, "created_at", now.into())?;
        set(&mut am, "updated_at", now.into())?;
        set(&mut am, "created_by_id", Some(viewer.user_id).into())?;
        set(&mut am, "updated_by_id", Some(viewer.user_id).into())?;
        let scope = E::scope();
        match scope.tenant {
            Tenant::Column(c) => {
                let org = viewer.organization_id.ok_or_else(|| {
                    ApiError::forbidden("sign in to an organization to create its rows")
                })?;
                am.try_set(c, org.into())?;
            }
            Tenant::NullableColumn(c) => am.try_set(c, viewer.organization_id.into())?,
            Tenant::IsOrganization(_) | Tenant::Member(_) | Tenant::Global => {}
        }
        // Owner defaults to the viewer; naming someone else is allowed only where the scope
        // check below accepts it (e.g. a coordinator registering for a mentor in reach).
        for narrow in [&scope.own, &scope.local_association, &scope.organization] {
            if let Narrow::Owner(c) = narrow
                && !am.get(*c).is_set()
            {
                am.try_set(*c, viewer.user_id.into())?;
            }
        }
        self.ensure_not_self_review::<E>(None, &am)?;
        super::writes_limits::ensure_room::<E>(txn, &am, self.now).await?;
        let columns = changed_columns(&am);
        let organization = organization_of(&am);
        am.insert(txn).await?;
        let in_scope = E::find()
            .filter(condition)
            .filter(E::id_column().eq(id))
            .one(txn)
            .await?;
        let Some(model) = in_scope else {
            return Err(ApiError::forbidden(
                "the new row would be outside your scope (organization, local association or owner)",
            ));
        };
        self.audit::<E>(txn, Verb::Create, id, organization, columns)
            .await?;
        Ok(model)
    }

    /// The row `id` if the viewer may `action` it: NOT_FOUND when they cannot see it at all,
    /// FORBIDDEN when they can see it but not change it.
    pub async fn find_for<E>(
        &self,
        txn: &DatabaseTransaction,
        action: Action,
        id: Uuid,
    ) -> ApiResult<E::Model>
    where
        E: Secured,
    {
        let row = scoped::<E>(self.viewer, action)?
            .filter(E::id_column().eq(id))
            .one(txn)
            .await?;
        if let Some(row) = row {
            return Ok(row);
        }
        let readable = match scoped::<E>(self.viewer, Action::Read) {
            Ok(s) => s.filter(E::id_column().eq(id)).one(txn).await?.is_some(),
            Err(_) => false,
        };
        if readable {
            Err(ApiError::forbidden(format!(
                "this row is outside your {} scope",
                action.verb().to_lowercase()
            )))
        } else {
            Err(ApiError::NotFound)
        }
    }

    /// Writes `am`: a row read with `find_for(Action::Update)` and then changed from the input.
    /// The row is checked in scope again here (so no caller can skip it) and after the write.
    pub async fn update<E>(
        &self,
        txn: &DatabaseTransaction,
        mut am: E::ActiveModel,
    ) -> ApiResult<E::Model>
    where
        E: Secured,
        E::ActiveModel: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
        E::Model: IntoActiveModel<E::ActiveModel>,
    {
        let id = uuid_value(&am, E::id_column()).ok_or(ApiError::NotFound)?;
        let condition = row_condition::<E>(self.viewer, Action::Update)?;
        let before = self.find_for::<E>(txn, Action::Update, id).await?;
        if E::write_rules().identity.is_some() {
            let reach = staff_reach::<E>(txn, self.viewer, Action::Update, id).await?;
            self.ensure_identity::<E>(&before, reach)?;
        }
        self.ensure_not_self_review::<E>(Some(&before), &am)?;
        if let Some(machine) = E::write_rules().machine
            && let ActiveValue::Set(to) = am.get(machine.column)
        {
            self.ensure_move::<E>(txn, &before, &to).await?;
        }
        super::writes_limits::ensure_room_for_update::<E>(txn, &before, &am).await?;
        let columns = changed_columns(&am);
        set(&mut am, "updated_at", self.now.into())?;
        set(&mut am, "updated_by_id", Some(self.viewer.user_id).into())?;
        let organization = organization_of(&am);
        am.update(txn).await?;
        let after = E::find()
            .filter(condition)
            .filter(E::id_column().eq(id))
            .one(txn)
            .await?;
        let Some(model) = after else {
            return Err(ApiError::forbidden(
                "the change would move the row outside your scope",
            ));
        };
        self.audit::<E>(txn, Verb::Update, id, organization, columns)
            .await?;
        Ok(model)
    }

    /// Soft-deletes `id` (sets `deleted_at`; tables without it are deleted for real).
    pub async fn delete<E>(&self, txn: &DatabaseTransaction, id: Uuid) -> ApiResult<E::Model>
    where
        E: Secured,
        E::ActiveModel: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
        E::Model: IntoActiveModel<E::ActiveModel> + Clone,
    {
        let before = self.find_for::<E>(txn, Action::Delete, id).await?;
        self.delete_found::<E>(txn, before).await
    }

    /// Deletes a row already found with [`Writer::find_for`] and `Action::Delete` (for
    /// workflows that check the row before deleting it); returns it as it was.
    pub async fn delete_found<E>(
        &self,
        txn: &DatabaseTransaction,
        before: E::Model,
    ) -> ApiResult<E::Model>
    where
        E: Secured,
        E::ActiveModel: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
        E::Model: IntoActiveModel<E::ActiveModel> + Clone,
    {
        let mut am = before.clone().into_active_model();
        let id = uuid_value(&am, E::id_column()).ok_or(ApiError::NotFound)?;
        self.ensure_deletable::<E>(txn, &before, id).await?;
        let organization = organization_of(&am);
        match E::deleted_column() {
            Some(col) => {
                let now = self.now;
                am.try_set(col, Some(now).into())?;
                set(&mut am, "updated_at", now.into())?;
                set(&mut am, "updated_by_id", Some(self.viewer.user_id).into())?;
                am.update(txn).await?;
            }
            None => {
                E::delete_many()
                    .filter(E::id_column().eq(id))
                    .exec(txn)
                    .await?;
            }
        }
        self.audit::<E>(txn, Verb::Delete, id, organization, Vec::new())
            .await?;
        Ok(before)
    }
}
