# syntax=docker/dockerfile:1
# Multi-stage build of the runnable jar; the runtime image runs as a non-root user.
#   docker build -t job-processor .
#   docker run --rm -p 8080:8080 -e JOBS_DATABASE_URL=jdbc:postgresql://db:5432/jobs job-processor

FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
# Dependencies first, so source edits do not re-download them.
COPY mvnw ./
COPY .mvn .mvn
COPY pom.xml ./
COPY domain/pom.xml domain/
COPY application/pom.xml application/
COPY adapters/pom.xml adapters/
COPY adapters/memory/pom.xml adapters/memory/
COPY adapters/clock/pom.xml adapters/clock/
COPY adapters/postgres/pom.xml adapters/postgres/
COPY adapters/http/pom.xml adapters/http/
COPY bootstrap/pom.xml bootstrap/
COPY architecture-tests/pom.xml architecture-tests/
RUN ./mvnw -B -ntp -q dependency:go-offline -DexcludeGroupIds=dev.jobprocessor || true
COPY . .
RUN ./mvnw -B -ntp -q -DskipTests -Dspotless.check.skip=true package \
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
