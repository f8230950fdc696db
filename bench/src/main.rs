//! `meander-bench`: the benchmark harness of issue 7.
//!
//! - `generate` fills a database (SQLite or PostgreSQL) through the project's own migrations
//!   with a deterministic, national-scale data set;
//! - `run` drives a running gateway with one of the named client scenarios and reports
//!   throughput, latency percentiles, errors and SQL statements per request.
//!
//! BENCHMARKS.md at the repository root has the commands and the measured numbers.

mod generate;
mod run;

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
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    match cli.command {
        Command::Generate(args) => rt.block_on(generate::generate(args)),
        Command::Run(args) => rt.block_on(run::run(args)),
    }
}
