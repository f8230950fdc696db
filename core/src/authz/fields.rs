//! Field-level rules: fields readable only by some of the viewers who can see the row.
//! A denied field resolves to null with a FORBIDDEN error at its path.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use super::{Reach, Viewer};
use crate::error::{ApiError, ApiResult};
use entity::user_organization_memberships as memberships;

/// users.email / users.phone: the user, org admins, and coordinators of the same local association.
pub async fn user_contact_details<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    user: Uuid,
) -> ApiResult<()> {
    if viewer.user_id == user {
        return Ok(());
    }
    let Some(reaches) = viewer.reaches("READ_USERS") else {
        return Err(denied("user contact details"));
    };
    if reaches.contains(&Reach::Organization) {
        return Ok(());
    }
    // The platform reads contact details only of members of an organization that granted it
    // support access (the row scope already limits it to those users; every such request is
    // audited as SUPPORT_ACCESS_READ).
    if reaches.contains(&Reach::Platform) && !viewer.support_organization_ids.is_empty() {
        let supported = memberships::Entity::find()
            .filter(memberships::Column::UserId.eq(user))
            .filter(
                memberships::Column::OrganizationId.is_in(viewer.support_organization_ids.clone()),
            )
            .filter(memberships::Column::DeletedAt.is_null())
            .count(db)
            .await?;
        if supported > 0 {
            return Ok(());
        }
    }
    let grant = viewer.for_grant("READ_USERS", Reach::LocalAssociation);
    if reaches.contains(&Reach::LocalAssociation) && !grant.local_association_ids.is_empty() {
        let shared = memberships::Entity::find()
            .filter(memberships::Column::UserId.eq(user))
            .filter(memberships::Column::OrganizationId.eq(viewer.organization_id))
            .filter(
                memberships::Column::LocalAssociationId.is_in(grant.local_association_ids.clone()),
            )
            .filter(memberships::Column::DeletedAt.is_null())
            .count(db)
            .await?;
        if shared > 0 {
            return Ok(());
        }
    }
    Err(denied("user contact details"))
}

fn denied(what: &str) -> ApiError {
    ApiError::forbidden(format!("not allowed to read {what}"))
}
