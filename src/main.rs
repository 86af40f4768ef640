//! The `followup` binary: `serve` (the default), `migrate`, and `openapi` (print the spec).

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use followup::Config;
use followup::state::AppState;
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(version, about = "Plans and tracks interview follow-up")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run migrations, then serve the API (the default).
    Serve,
    /// Run pending migrations and exit.
    Migrate,
    /// Print the OpenAPI document.
    Openapi,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Openapi) = cli.command {
        print!("{}", followup::spec_json());
        return ExitCode::SUCCESS;
    }
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_current_span(true)
        .init();
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Migrate => migrate(),
        _ => serve(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(error = %err, "followup stopped");
            eprintln!("followup: {err}");
            ExitCode::FAILURE
        }
    }
}

fn migrate() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_env()?;
    let pool = followup::db::connect(&config.database_url)?;
    let mut conn = pool.get()?;
    let report = followup::db::run_migrations(&mut conn)?;
    tracing::info!(applied = ?report.applied, "migrations done");
    Ok(())
}

fn serve() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_env()?;
    let bind = config.bind.clone();
    if config.public_url.is_none() && (bind.starts_with("0.0.0.0") || bind.starts_with("[::]")) {
        tracing::warn!(
            %bind,
            "FOLLOWUP_PUBLIC_URL is not set: links the server hands out (the calendar feed's) \
             name the bind address, which clients cannot reach; set it to where they reach you"
        );
    }
    let state = AppState::start(config, followup::clock::Clock::System)?;
    tracing::info!(%bind, backend = ?state.backend, "followup listening; Swagger UI at /swagger-ui/");
    actix_web::rt::System::new().block_on(async move {
        let service = &state.service;
        let ticker = actix_web::rt::spawn(followup::service::ticker::run(
            service.pool().clone(),
            service.clock().clone(),
            state.config.tick,
        ));
        let housekeeping = actix_web::rt::spawn(followup::service::housekeeping::run(
            service.pool().clone(),
            service.clock().clone(),
        ));
        // Deliveries go out from this thread, never from the workers that answer requests.
        let sender = followup::service::webhooks::Sender::new(state.config.webhooks)
            .map_err(std::io::Error::other)?;
        let webhooks =
            actix_web::rt::spawn(followup::service::webhooks::run(service.clone(), sender));
        // actix-web stops gracefully on SIGTERM/SIGINT: in-flight requests finish first.
        let served = actix_web::HttpServer::new(move || followup::app(state.clone()))
            .bind(&bind)?
            .shutdown_timeout(30)
            .run()
            .await;
        ticker.abort();
        housekeeping.abort();
        webhooks.abort();
        served
    })?;
    tracing::info!("followup stopped");
    Ok(())
}
