# syntax=docker/dockerfile:1
#
# The gateway's container image (docs/OPERATIONS.md, "Docker"). Build from the repository root
# with BuildKit (the default builder of current Docker):
#
#   docker build -t meander-gateway:local .
#
# The builder's Rust follows `rust-version` in Cargo.toml; both stages use the same Debian
# release, so the binary runs on the glibc it was linked against.
ARG RUST_VERSION=1.94
ARG DEBIAN_RELEASE=bookworm

FROM rust:${RUST_VERSION}-slim-${DEBIAN_RELEASE} AS builder
WORKDIR /src
COPY . .
# Caching: BuildKit cache mounts for the registry and for target/, rather than cargo-chef.
# cargo-chef caches only the third-party dependencies (about 5 of the release build's 19
# minutes, BENCHMARKS.md); any source change then rebuilds every workspace crate, meander-api
# alone taking 12 minutes. With target/ in a cache mount cargo's own fingerprints decide, per
# crate, as in a local build: an edit of the HTTP edge rebuilds the root crate and links. The
# mounts live on the builder (not in the image or an exported layer cache), so a builder that
# starts empty builds from scratch. `sharing=locked`: two builds never write one target/ at once.
#
# `--workspace`, as BENCHMARKS.md builds it: the bench's dependencies switch on features of
# shared crates (hyper-util, tower, tower-http), so the gateway built alone is a different
# build from the one measured. The binary is copied out of the mount in the same step (a
# cache mount is not part of the layer).
RUN --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/git,sharing=locked \
    --mount=type=cache,target=/src/target,sharing=locked \
    cargo build --release --locked --workspace \
    && install -D -m 0755 target/release/meander-gateway /out/meander-gateway

FROM debian:${DEBIAN_RELEASE}-slim AS runtime
# No packages added: TLS (PostgreSQL, JWKS, OTLP) is rustls with the Mozilla roots compiled in
# (a private CA is a mounted file named by database.ca_file, jwks_ca_file or tracing.ca_file),
# SQLite is compiled in, and the health probe is a bash script.
RUN groupadd --system --gid 10001 meander \
    && useradd --system --uid 10001 --gid meander --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin meander \
    && install -d -o root -g meander -m 0755 /app \
    && install -d -o meander -g meander -m 0750 /app/data
WORKDIR /app
COPY --from=builder /out/meander-gateway /usr/local/bin/meander-gateway
COPY --chmod=0755 deploy/healthcheck.sh /usr/local/bin/meander-healthcheck
# The configuration layers are compiled into the binary; this copy (read-only, root-owned) is
# where a deployment mounts its own files over them, and relative paths in the settings
# (`config/persisted-queries.json`, `data/meander.sqlite`) resolve from /app as in the repository.
COPY config/ /app/config/
# Production: PostgreSQL expected, no demo data, no GraphiQL, JSON logs, listening on
# 0.0.0.0:8080. It refuses to start without MEANDER__AUTH__JWT_SECRET (or PEM keys).
ENV MEANDER_PROFILE=production
# Numeric, so an orchestrator can check it is not root without reading /etc/passwd.
USER 10001:10001
# 8080: server.bind of the production profile. 9090: the operations listener (/healthz,
# /readyz, /metrics) when server.operations_bind is set, as deploy/compose.yaml does.
EXPOSE 8080 9090
# SIGTERM starts the graceful shutdown (src/app/mod.rs): no new connections, requests drain for
# server.shutdown_grace_seconds (10), WebSockets close with 1001 (up to 5 s more). Give the
# container at least 20 s to stop (`docker stop -t 20`, compose `stop_grace_period`).
STOPSIGNAL SIGTERM
# Liveness on the public listener, which always serves /healthz. The first start on an empty
# database migrates it before listening.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["meander-healthcheck", "8080", "/healthz"]
ENTRYPOINT ["meander-gateway"]
CMD ["serve"]
