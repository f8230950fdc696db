//! `meander-bench`: the benchmark harness of issue 7.
//!
//! - `generate` fills a database (SQLite or PostgreSQL) through the project's own migrations
//!   with a deterministic, national-scale data set;
//! - `run` drives a running gateway with one of the named client scenarios and reports
//!   throughput, latency percentiles, errors and SQL statements per request;
//! - `soak` runs mixed load for minutes with the server's memory, sockets and database
//!   connections sampled and a fault injected part-way; `bulk` and `verify-bulk` check that a
//!   crash during bulk registration leaves every batch whole (RELIABILITY.md).
//!
//! BENCHMARKS.md at the repository root has the commands and the measured numbers.

mod bulk;
mod cpu;
mod generate;
mod run;
mod soak;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "meander-bench",
    about = "Benchmark harness for meander-gateway"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate an empty database and fill it with the benchmark data set.
    Generate(generate::Args),
    /// Run a client scenario against a running server and report the numbers.
    Run(run::Args),
    /// Mixed load for a long time, sampling the server, with an optional fault part-way.
    Soak(soak::Args),
    /// Send bulk registrations, recording each acknowledged batch (for a crash test).
    Bulk(bulk::Args),
    /// Check the database after a crash: acknowledged batches whole, none half written,
    /// audit chains intact.
    VerifyBulk(bulk::VerifyArgs),
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    match cli.command {
        Command::Generate(args) => rt.block_on(generate::generate(args)),
        Command::Run(args) => rt.block_on(run::run(args)),
        Command::Soak(args) => rt.block_on(soak::soak(args)),
        Command::Bulk(args) => rt.block_on(bulk::bulk(args)),
        Command::VerifyBulk(args) => rt.block_on(bulk::verify(args)),
    }
}
