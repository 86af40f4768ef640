# Multi-stage build: compile with the full toolchain, ship the binary on a slim base.
# libsqlite3, libpq and OpenSSL are bundled or vendored into the binary, so the runtime stage
# needs only CA certificates.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY migrations ./migrations
# Cargo checks every target the manifest names, benches included.
COPY benches ./benches
RUN cargo build --release --locked --bin followup

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/followup --create-home followup
COPY --from=build /src/target/release/followup /usr/local/bin/followup
USER followup
WORKDIR /var/lib/followup
ENV FOLLOWUP_BIND=0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["followup"]
CMD ["serve"]
