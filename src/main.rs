#[tokio::main]
async fn main() {
    if let Err(err) = meander_gateway::cli::run().await {
        eprintln!("error: {err:#}");
        std::process::exit(1);
    }
}
