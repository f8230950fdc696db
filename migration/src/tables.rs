//! Shared migration helpers: a table is created from its SeaORM entity (columns, nullability,
//! primary key, single-column uniques, foreign keys from `belongs_to`), plus the CHECK
//! constraints and composite indexes the entity cannot express. Everything a table needs is
//! inside CREATE TABLE, so the same migration runs on SQLite (no ALTER ... ADD CONSTRAINT).

use sea_orm_migration::{
    prelude::*,
    sea_orm::{ActiveEnum, EntityTrait, Iterable, Schema},
};

/// A CHECK that a text column holds one of the enum's values.
pub fn enum_check<A>(column: &str) -> SimpleExpr
where
    A: ActiveEnum<Value = String> + Iterable,
{
    Expr::col(Alias::new(column)).is_in(A::iter().map(|v| v.to_value()))
}

/// A CHECK from raw SQL (ranges and cross-column rules).
pub fn check(sql: &str) -> SimpleExpr {
    Expr::cust(sql.to_string())
}

/// A composite index; `unique` makes it a unique index.
pub struct Idx {
    pub columns: &'static [&'static str],
    pub unique: bool,
}

pub const fn idx(columns: &'static [&'static str]) -> Idx {
    Idx {
        columns,
        unique: false,
    }
}

pub const fn uq(columns: &'static [&'static str]) -> Idx {
    Idx {
        columns,
        unique: true,
    }
}

/// Creates `entity`'s table with `checks`, then its indexes (named `idx_`/`uq_<table>_<cols>`).
pub async fn create<E: EntityTrait>(
    manager: &SchemaManager<'_>,
    entity: E,
    checks: Vec<SimpleExpr>,
    indexes: &[Idx],
) -> Result<(), DbErr> {
    let schema = Schema::new(manager.get_database_backend());
    let mut table = schema.create_table_from_entity(entity);
    for c in checks {
        table.check(c);
    }
    manager.create_table(table).await?;
    let name = entity.table_name().to_string();
    for ix in indexes {
        let prefix = if ix.unique { "uq" } else { "idx" };
        let mut stmt = Index::create();
        stmt.name(format!("{prefix}_{name}_{}", ix.columns.join("_")))
            .table(Alias::new(&name));
        for col in ix.columns {
            stmt.col(Alias::new(*col));
        }
        if ix.unique {
            stmt.unique();
        }
        manager.create_index(stmt).await?;
    }
    Ok(())
}

pub async fn drop<E: EntityTrait>(manager: &SchemaManager<'_>, entity: E) -> Result<(), DbErr> {
    manager
        .drop_table(
            Table::drop()
                .table(Alias::new(entity.table_name()))
                .to_owned(),
        )
        .await
}
