//! Shared migration helpers: a table is created from its SeaORM entity (columns, nullability,
//! primary key, single-column uniques, foreign keys from `belongs_to`), plus the CHECK
//! constraints and composite indexes the entity cannot express. Everything a table needs is
//! inside CREATE TABLE, so the same migration runs on SQLite (no ALTER ... ADD CONSTRAINT).

use sea_orm_migration::{
    prelude::*,
    sea_orm::{ActiveEnum, EntityTrait, Iden, Iterable, Schema},
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

/// A composite index; `unique` makes it a unique index, `where_null` a partial one over the rows
/// where that column is NULL (NULLs never collide in a plain unique index, so "one system role
/// per key" needs its own index).
pub struct Idx {
    pub columns: &'static [&'static str],
    pub unique: bool,
    pub where_null: Option<&'static str>,
}

pub const fn idx(columns: &'static [&'static str]) -> Idx {
    Idx {
        columns,
        unique: false,
        where_null: None,
    }
}

pub const fn uq(columns: &'static [&'static str]) -> Idx {
    Idx {
        columns,
        unique: true,
        where_null: None,
    }
}

pub const fn uq_where_null(columns: &'static [&'static str], null_column: &'static str) -> Idx {
    Idx {
        columns,
        unique: true,
        where_null: Some(null_column),
    }
}

/// PostgreSQL cuts identifiers at 63 bytes; long names get a short stable hash suffix instead.
fn index_name(prefix: &str, table: &str, columns: &[&str], where_null: Option<&str>) -> String {
    let mut name = format!("{prefix}_{table}_{}", columns.join("_"));
    if let Some(n) = where_null {
        name.push_str(&format!("_where_{n}_null"));
    }
    if name.len() <= 63 {
        return name;
    }
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    });
    format!("{}_{:08x}", &name[..50], hash as u32)
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
    // Audit columns point at users; the entities leave these relations undeclared.
    let name = entity.table_name().to_string();
    for col in E::Column::iter().map(|c| c.to_string()) {
        if col == "created_by_id" || col == "updated_by_id" {
            table.foreign_key(
                ForeignKey::create()
                    .name(format!("fk_{name}_{col}"))
                    .from(Alias::new(&name), Alias::new(&col))
                    .to(Alias::new("users"), Alias::new("id"))
                    .on_delete(ForeignKeyAction::SetNull),
            );
        }
    }
    manager.create_table(table).await?;
    for ix in indexes {
        let prefix = if ix.unique { "uq" } else { "idx" };
        let mut stmt = Index::create();
        stmt.name(index_name(prefix, &name, ix.columns, ix.where_null))
            .table(Alias::new(&name));
        if let Some(n) = ix.where_null {
            stmt.and_where(Expr::col(Alias::new(n)).is_null());
        }
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
