# syntax=docker/dockerfile:1
# Multi-stage build of the runnable jar; the runtime image runs as a non-root user.
#   docker build -t job-processor .
#   docker run --rm -p 8080:8080 -e JOBS_DATABASE_URL=jdbc:postgresql://db:5432/jobs \
#     -e JOBS_API_TOKENS="ops:admin:$(openssl rand -hex 32)" job-processor
# It listens on all interfaces in the container, so it needs tokens (docs/SECURITY.md). docker-compose.yml runs it
# with PostgreSQL, a migration step and scalable workers.

FROM eclipse-temurin:21-jdk AS build
# mvnw unpacks Maven with unzip. Without it, it fetches the .tar.gz instead, whose SHA-256 is not the one pinned in
# .mvn/wrapper/maven-wrapper.properties, and stops.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends unzip \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first, so source edits do not download them again. The reactor reads every module's pom (the root pom
# lists them all), so all of them are copied, though only bootstrap and the modules it needs are built.
COPY mvnw ./
COPY .mvn .mvn
COPY pom.xml ./
COPY domain/pom.xml domain/
COPY application/pom.xml application/
COPY adapters/pom.xml adapters/
COPY adapters/memory/pom.xml adapters/memory/
COPY adapters/clock/pom.xml adapters/clock/
COPY adapters/cron/pom.xml adapters/cron/
COPY adapters/postgres/pom.xml adapters/postgres/
COPY adapters/http/pom.xml adapters/http/
COPY adapters/metrics/pom.xml adapters/metrics/
COPY adapters/webhook/pom.xml adapters/webhook/
COPY adapters/tracing/pom.xml adapters/tracing/
COPY bootstrap/pom.xml bootstrap/
COPY library-example/pom.xml library-example/
COPY architecture-tests/pom.xml architecture-tests/
COPY browser-tests/pom.xml browser-tests/
COPY benchmarks/pom.xml benchmarks/
COPY deploy/ha-lab/pom.xml deploy/ha-lab/
COPY clients/java/pom.xml clients/java/
COPY verification/pom.xml verification/
COPY coverage/pom.xml coverage/
# Every plugin and library the package step below uses; our own modules come from the reactor, not a repository.
RUN ./mvnw -B -ntp dependency:go-offline -pl bootstrap -am -DexcludeGroupIds=dev.jobprocessor
COPY . .
# Offline (-o): the layer above must hold everything, or this fails instead of downloading behind its back.
# Only the runnable jar and the modules it is made of; the tests ran in CI.
RUN ./mvnw -B -ntp -o -DskipTests -Dspotless.check.skip=true package -pl bootstrap -am \
    && cp bootstrap/target/job-processor.jar /job-processor.jar

FROM eclipse-temurin:21-jre
RUN groupadd --system jobs && useradd --system --gid jobs --home-dir /app --shell /usr/sbin/nologin jobs \
    && mkdir -p /app/data && chown -R jobs:jobs /app
WORKDIR /app
COPY --from=build --chown=jobs:jobs /job-processor.jar /app/job-processor.jar
USER jobs
ENV JOBS_HTTP_HOST=0.0.0.0 \
    JOBS_HTTP_PORT=8080 \
    JOBS_DATA_DIR=/app/data
# 8080: the API (api, serve); 9464: health, readiness and metrics of a worker-only process (worker).
EXPOSE 8080 9464
# SIGTERM reaches the JVM directly (exec form), so graceful shutdown runs.
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/job-processor.jar"]
CMD ["serve"]
