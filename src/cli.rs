//! The `meander-gateway` command line: serve (default), migrate, seed, schema, token, config,
//! jobs.

use clap::{Args, Parser, Subcommand};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::{
    app::{self, AppState},
    config::{Overrides, Settings},
    db, graphql, seed, telemetry,
};

#[derive(Parser)]
#[command(
    name = "meander-gateway",
    version,
    about = "GraphQL gateway with fine-grained authorization for the Meander platform"
)]
pub struct Cli {
    /// Database URL (sqlite:... or postgres://...), overriding configuration.
    #[arg(long, global = true, value_name = "URL")]
    database_url: Option<String>,
    /// `serve` options, also accepted without the subcommand since serving is the default.
    #[command(flatten)]
    serve: ServeArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the HTTP server (the default): migrates, seeds an empty database in development, serves.
    Serve(ServeArgs),
    /// Apply or roll back database migrations.
    Migrate {
        #[command(subcommand)]
        action: MigrateAction,
    },
    /// Write the permission catalog and, with --demo, the demo organizations and logins.
    Seed {
        /// Also insert the demo data set (refused by the production profile).
        #[arg(long)]
        demo: bool,
    },
    /// Print the GraphQL schema (SDL), or compare it with a file.
    Schema {
        /// Exit non-zero if the file differs from the schema the code builds.
        #[arg(long)]
        check: bool,
        /// The committed SDL file.
        #[arg(long, default_value = "schema.graphql")]
        path: String,
        /// Print the Apollo Federation subgraph SDL instead (`@key` directives, the `@link` to
        /// the federation spec), as `Query._service { sdl }` answers it: for composing a
        /// supergraph without a running server or introspection.
        #[arg(long, conflicts_with = "check")]
        federation: bool,
    },
    /// Mint a development access token for a user (opens a session like a login).
    Token {
        /// The user's email.
        #[arg(long)]
        email: String,
        /// Organization id; defaults to the user's primary membership.
        #[arg(long)]
        org: Option<Uuid>,
    },
    /// The configuration.
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// The time-driven workflow rules (the server also runs them every `jobs.interval_seconds`).
    Jobs {
        #[command(subcommand)]
        action: JobsAction,
    },
}

#[derive(Subcommand)]
enum ConfigAction {
    /// Validate the configuration the server would start with and print it as TOML, with
    /// secrets shown as `***` (exits non-zero, naming the key, when it is invalid).
    Check,
}

#[derive(Subcommand)]
enum JobsAction {
    /// Run every job once now (idempotent: a second run changes nothing) and print what changed.
    Run,
}

#[derive(Args, Default, Clone)]
struct ServeArgs {
    /// Address to listen on (ADDR:PORT), overriding configuration.
    #[arg(long, value_name = "ADDR:PORT")]
    bind: Option<String>,
}

#[derive(Subcommand)]
enum MigrateAction {
    /// Apply all pending migrations.
    Up,
    /// Roll back the last N migrations.
    Down {
        #[arg(long, default_value_t = 1)]
        steps: u32,
    },
    /// List applied and pending migrations.
    Status,
}

pub async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let bind = match &cli.command {
        Some(Command::Serve(a)) => a.bind.clone().or(cli.serve.bind.clone()),
        _ => cli.serve.bind.clone(),
    };
    let settings = Settings::load(&Overrides {
        database_url: cli.database_url.clone(),
        bind,
    })?;
    telemetry::init(&settings.log);

    match cli.command.unwrap_or(Command::Serve(ServeArgs::default())) {
        Command::Serve(_) => serve(settings).await,
        Command::Config {
            action: ConfigAction::Check,
        } => {
            print!("{}", settings.to_toml());
            Ok(())
        }
        Command::Migrate { action } => {
            let conn = db::connect(&settings.database).await?;
            match action {
                MigrateAction::Up => {
                    db::with_startup_lock(&settings.database, &conn, db::migrate_up(&conn)).await?
                }
                MigrateAction::Down { steps } => Migrator::down(&conn, Some(steps)).await?,
                MigrateAction::Status => {
                    for m in Migrator::get_migration_with_status(&conn).await? {
                        println!("{:<40} {}", m.name(), m.status());
                    }
                }
            }
            Ok(())
        }
        Command::Seed { demo } => {
            if demo && settings.profile == crate::config::Profile::Production {
                anyhow::bail!(
                    "configuration key `database.seed_demo`: the production profile refuses demo data"
                );
            }
            let conn = db::connect(&settings.database).await?;
            let now = settings.clock().now();
            let inserted = db::with_startup_lock(&settings.database, &conn, async {
                db::migrate_up(&conn).await?;
                seed::catalog(&conn, now).await?;
                Ok(demo && seed::demo(&conn, &settings.auth, now).await?)
            })
            .await?;
            if demo {
                println!(
                    "{}",
                    if inserted {
                        "demo data inserted"
                    } else {
                        "demo data already present"
                    }
                );
            }
            Ok(())
        }
        Command::Schema {
            check,
            path,
            federation,
        } => {
            if federation {
                print!("{}", graphql::federation_sdl());
                return Ok(());
            }
            let sdl = graphql::sdl();
            if !check {
                print!("{sdl}");
                return Ok(());
            }
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            if committed != sdl {
                anyhow::bail!("{path} is out of date: run `meander-gateway schema > {path}`");
            }
            println!("{path} matches the schema");
            Ok(())
        }
        Command::Jobs {
            action: JobsAction::Run,
        } => {
            let conn = db::connect(&settings.database).await?;
            if settings.database.auto_migrate {
                db::with_startup_lock(&settings.database, &conn, db::migrate_up(&conn)).await?;
            }
            let report = crate::workflows::jobs::run_and_signal(&conn, settings.clock().now())
                .await
                .map_err(|e| match e {
                    crate::error::ApiError::Internal(source) => source,
                    other => anyhow::anyhow!("{other}"),
                })?;
            println!("{report}");
            Ok(())
        }
        Command::Token { email, org } => {
            let conn = db::connect(&settings.database).await?;
            let user = entity::users::Entity::find()
                .filter(entity::users::Column::Email.eq(email.trim().to_lowercase()))
                .one(&conn)
                .await?
                .ok_or_else(|| anyhow::anyhow!("no user with email {email}"))?;
            let state = AppState::new(settings, conn)?;
            let pair = state
                .authenticator()
                .open_session_for(user.id, org)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("{}", pair.access_token);
            Ok(())
        }
    }
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let conn = db::connect(&settings.database).await?;
    let now = settings.clock().now();
    // Replicas starting together take turns (see `with_startup_lock`).
    let seeded = db::with_startup_lock(&settings.database, &conn, async {
        if settings.database.auto_migrate {
            db::migrate_up(&conn).await?;
        }
        seed::catalog(&conn, now)
            .await
            .map_err(db::explain_pooler)?;
        Ok(settings.database.seed_demo && seed::demo(&conn, &settings.auth, now).await?)
    })
    .await?;
    db::optimize(&conn).await?;
    let listener = tokio::net::TcpListener::bind(settings.bind_addr()?).await?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, database = db::backend_name(&conn), profile = settings.profile.name(), "listening");
    if settings.server.graphiql {
        println!("GraphiQL: http://{addr}/graphiql");
    }
    if settings.database.seed_demo {
        println!("{}", seed::DEMO_LOGINS_HELP);
        if seeded {
            println!("(demo data was just created)");
        }
    }
    let state = AppState::open(settings, conn).await?;
    state
        .external_issuers
        .check_organizations(&state.db)
        .await?;
    app::serve(state, listener, app::shutdown_signal()).await
}
