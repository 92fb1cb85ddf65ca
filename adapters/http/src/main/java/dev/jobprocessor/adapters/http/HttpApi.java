package dev.jobprocessor.adapters.http;

import dev.jobprocessor.application.BatchNotFoundException;
import dev.jobprocessor.application.JobNotFoundException;
import dev.jobprocessor.application.ScheduleNotFoundException;
import dev.jobprocessor.application.WorkflowNotFoundException;
import dev.jobprocessor.application.port.StoreUnavailableException;
import dev.jobprocessor.domain.DomainException;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.IdempotencyConflictException;
import dev.jobprocessor.domain.InvalidTransitionException;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.LeaseLostException;
import dev.jobprocessor.domain.ScheduleConflictException;
import dev.jobprocessor.domain.SnoozeLimitReachedException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Builds the Javalin app for the API: routes, request ids, and the mapping from every failure to the docs/SPEC.md §6
 * envelope. Built by a factory that receives the use cases, wired with plain {@code new} in bootstrap.
 */
public final class HttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final String REQUEST_ID = "request_id";
    private static final String ENVELOPE_WRITTEN = "envelope_written";
    private static final String TOKEN_NAME = "token";
    private static final String BEARER = "Bearer ";
    static final int MAX_REQUEST_HEADER_BYTES = 8 * 1024;
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,100}$");
    /** Every other method (Javalin 7 passes the client's text through) is counted and logged as one value. */
    private static final Set<String> KNOWN_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT", "QUERY");

    static final String UNKNOWN_METHOD = "INVALID";

    private HttpApi() {}

    /** The app, not yet started. */
    public static Javalin create(JobsApi api) {
        JobRoutes jobs = new JobRoutes(api);
        WorkerRoutes workers = new WorkerRoutes(api);
        LeaseBatchRoutes leaseBatches = new LeaseBatchRoutes(api);
        OperationsRoutes operations = new OperationsRoutes(api);
        PurgeRoutes purges = new PurgeRoutes(api);
        QueueRoutes queues = new QueueRoutes(api);
        ScheduleRoutes schedules = new ScheduleRoutes(api);
        WorkflowRoutes workflows = new WorkflowRoutes(api);
        BatchRoutes batches = new BatchRoutes(api);
        Map<Route, Handler> handlers = Map.ofEntries(
                Map.entry(new Route("POST", "/jobs"), jobs::submit),
                Map.entry(new Route("POST", "/jobs/batch"), jobs::submitBatch),
                Map.entry(new Route("GET", "/jobs"), jobs::list),
                Map.entry(new Route("GET", "/jobs/{id}"), jobs::get),
                Map.entry(new Route("POST", "/jobs/{id}/cancel"), jobs::cancel),
                Map.entry(new Route("POST", "/jobs/{id}/retry"), jobs::retry),
                Map.entry(new Route("DELETE", "/jobs/{id}"), purges::purgeOne),
                Map.entry(new Route("POST", "/leases"), workers::lease),
                Map.entry(new Route("POST", "/jobs/{id}/heartbeat"), workers::heartbeat),
                Map.entry(new Route("POST", "/jobs/{id}/complete"), workers::complete),
                Map.entry(new Route("POST", "/jobs/{id}/fail"), workers::fail),
                Map.entry(new Route("POST", "/jobs/{id}/snooze"), workers::snooze),
                Map.entry(new Route("POST", "/leases/complete"), leaseBatches::complete),
                Map.entry(new Route("POST", "/leases/fail"), leaseBatches::fail),
                Map.entry(new Route("POST", "/leases/heartbeat"), leaseBatches::heartbeat),
                Map.entry(new Route("POST", "/leases/release"), leaseBatches::release),
                Map.entry(new Route("GET", "/health"), ctx -> ctx.json(OperationsRoutes.health())),
                Map.entry(new Route("GET", "/ready"), ctx -> ready(ctx, api.readiness())),
                Map.entry(new Route("GET", "/openapi.json"), HttpApi::openApi),
                Map.entry(new Route("GET", "/docs"), ApiDocsRoutes::page),
                Map.entry(new Route("GET", "/docs/swagger-initializer.js"), ApiDocsRoutes::initializer),
                Map.entry(
                        new Route("GET", "/docs/swagger-ui-bundle.js"),
                        ctx -> ApiDocsRoutes.webJarFile(ctx, "swagger-ui-bundle.js", "text/javascript; charset=utf-8")),
                Map.entry(
                        new Route("GET", "/docs/swagger-ui.css"),
                        ctx -> ApiDocsRoutes.webJarFile(ctx, "swagger-ui.css", "text/css; charset=utf-8")),
                Map.entry(new Route("GET", "/metrics"), operations::metrics),
                Map.entry(new Route("GET", "/admin/stats"), operations::stats),
                Map.entry(new Route("GET", "/admin/trends"), operations::trends),
                Map.entry(new Route("POST", "/admin/purge"), purges::purgeMany),
                Map.entry(new Route("GET", "/queues"), queues::list),
                Map.entry(new Route("GET", "/queues/{name}"), queues::get),
                Map.entry(new Route("PATCH", "/queues/{name}"), queues::patch),
                Map.entry(new Route("POST", "/queues/{name}/pause"), queues::pause),
                Map.entry(new Route("POST", "/queues/{name}/resume"), queues::resume),
                Map.entry(new Route("GET", "/schedules"), schedules::list),
                Map.entry(new Route("POST", "/schedules"), schedules::create),
                Map.entry(new Route("GET", "/schedules/{name}"), schedules::get),
                Map.entry(new Route("PUT", "/schedules/{name}"), schedules::put),
                Map.entry(new Route("PATCH", "/schedules/{name}"), schedules::patch),
                Map.entry(new Route("DELETE", "/schedules/{name}"), schedules::delete),
                Map.entry(new Route("POST", "/schedules/{name}/trigger"), schedules::trigger),
                Map.entry(new Route("POST", "/workflows"), workflows::submit),
                Map.entry(new Route("GET", "/workflows/{id}"), workflows::get),
                Map.entry(new Route("POST", "/workflows/{id}/cancel"), workflows::cancel),
                Map.entry(new Route("POST", "/workflows/{id}/retry"), workflows::retry),
                Map.entry(new Route("POST", "/batches"), batches::submit),
                Map.entry(new Route("GET", "/batches/{id}"), batches::get),
                Map.entry(
                        new Route("GET", "/"),
                        ctx -> OperationsRoutes.dashboardFile(ctx, "index.html", "text/html; charset=utf-8")),
                Map.entry(
                        new Route("GET", "/dashboard.js"),
                        ctx -> OperationsRoutes.dashboardFile(ctx, "dashboard.js", "text/javascript; charset=utf-8")),
                Map.entry(
                        new Route("GET", "/dashboard.css"),
                        ctx -> OperationsRoutes.dashboardFile(ctx, "dashboard.css", "text/css; charset=utf-8")));
        return build(
                Route.ALL,
                handlers,
                api.metrics(),
                api.tokens(),
                new RequestSpans(api.tracing().openTelemetry()));
    }

    /**
     * The small app a worker-only process serves: {@code /health}, {@code /ready} and {@code /metrics}, so that every
     * process can be probed and scraped.
     */
    public static Javalin createOperations(Readiness readiness, ServerMetrics metrics, ApiTokens tokens) {
        Map<Route, Handler> handlers = Map.of(
                new Route("GET", "/health"), ctx -> ctx.json(OperationsRoutes.health()),
                new Route("GET", "/ready"), ctx -> ready(ctx, readiness),
                new Route("GET", "/metrics"),
                        ctx -> ctx.contentType(OperationsRoutes.PROMETHEUS_TEXT).result(metrics.scrape()));
        return build(Route.OPERATIONS, handlers, metrics, tokens, new RequestSpans(OpenTelemetry.noop()));
    }

    private static Javalin build(
            List<Route> routes,
            Map<Route, Handler> handlers,
            ServerMetrics metrics,
            ApiTokens tokens,
            RequestSpans spans) {
        Set<String> templates = routes.stream().map(Route::path).collect(Collectors.toSet());
        for (Route route : routes) {
            if (!handlers.containsKey(route)) {
                throw new IllegalStateException("no handler for " + route);
            }
        }
        if (handlers.size() != routes.size()) {
            throw new IllegalStateException("a handler exists for a route that the route list does not hold");
        }
        return Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            // Started as soon as it is built, so the "created but never started" watcher thread is only noise.
            config.startup.startupWatcherEnabled = false;
            config.http.maxRequestSize = (long) JsonBodies.MAX_BODY_BYTES;
            config.http.prefer405over404 = true;
            config.jsonMapper(new JavalinJackson(JsonBodies.MAPPER, true));
            config.jetty.modifyHttpConfiguration(HttpApi::hardenConnections);
            config.requestLogger.http((ctx, millis) -> {
                // Method, path, status, time and who: never a header value or a body. The request id is in the MDC.
                String method = method(ctx);
                LOG.info(
                        "{} {} -> {} in {} ms token={}",
                        method,
                        ctx.path(),
                        ctx.statusCode(),
                        Math.round(millis),
                        Objects.requireNonNullElse(ctx.attribute(TOKEN_NAME), "-"));
                metrics.requestServed(
                        method,
                        routeTemplate(ctx, templates),
                        ctx.statusCode(),
                        Duration.ofNanos(Math.round(millis * 1_000_000)));
                RequestSpans.finished(ctx);
            });
            config.routes.before(HttpApi::assignRequestId);
            config.routes.before(ctx -> ctx.header("X-Content-Type-Options", "nosniff"));
            for (Route route : routes) {
                Handler handler = handlers.get(route);
                Handler guarded = Access.required(route)
                        .<Handler>map(scope -> ctx -> {
                            authorize(ctx, tokens, scope);
                            handler.handle(ctx);
                        })
                        .orElse(handler);
                config.routes.addHttpHandler(
                        HandlerType.findOrCreate(route.method()), route.path(), spans.around(route, guarded));
            }
            config.routes.exception(Exception.class, HttpApi::handleException);
            config.routes.error(
                    404,
                    ctx -> writeIfMissing(
                            ctx, ErrorCode.NOT_FOUND, "no route " + method(ctx) + " " + Strings.shorten(ctx.path())));
            config.routes.error(
                    405,
                    ctx -> writeIfMissing(
                            ctx,
                            ErrorCode.METHOD_NOT_ALLOWED,
                            "the route " + Strings.shorten(ctx.path()) + " does not accept " + method(ctx)));
            config.routes.error(
                    413,
                    ctx -> writeIfMissing(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "the request body is larger than 1 MiB"));
            config.routes.error(
                    500, ctx -> writeIfMissing(ctx, ErrorCode.INTERNAL, "the server failed to handle the request"));
        });
    }

    /**
     * Lets the request through when authentication is off or its bearer token has {@code scope}; otherwise 401 (no or
     * unknown token, with {@code WWW-Authenticate}) or 403 (a known token without the scope). The secret is only
     * hashed and compared, never logged or echoed.
     */
    private static void authorize(Context ctx, ApiTokens tokens, Scope scope) {
        if (tokens.isEmpty()) {
            return;
        }
        String header = ctx.header("Authorization");
        String presented = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? header.substring(BEARER.length()).strip()
                : null;
        ApiToken token = tokens.authenticate(presented).orElse(null);
        if (token == null) {
            ctx.header(
                    "WWW-Authenticate",
                    presented == null
                            ? "Bearer realm=\"job-processor\""
                            : "Bearer realm=\"job-processor\", error=\"invalid_token\"");
            throw new ApiError(
                    ErrorCode.UNAUTHORIZED,
                    presented == null
                            ? "this route needs a bearer token (Authorization: Bearer <secret>)"
                            : "the bearer token is not valid");
        }
        ctx.attribute(TOKEN_NAME, token.name());
        MDC.put(TOKEN_NAME, token.name());
        if (!token.allows(scope)) {
            throw new ApiError(
                    ErrorCode.FORBIDDEN,
                    "token '" + token.name() + "' lacks the '" + scope.wireName() + "' scope this route needs");
        }
    }

    /** The name of the token that authorized this request, or {@code null} when authentication is off. */
    static String tokenName(Context ctx) {
        return ctx.attribute(TOKEN_NAME);
    }

    /**
     * Bounds what a client can make the server hold: 8 KiB of request headers, and a blocked read of a body (or write
     * of a response) waits at most 60 s (a kept-alive connection with no request is closed after the connector's
     * default 30 s; a request being handled, such as a 30 s long poll, is not cut off); the server's version is not
     * announced. No minimum body data rate: Jetty measures it from the start of the request, so under load it refused a
     * healthy 17-byte body (the verification suite's load check caught it); requests are handled on virtual threads, so
     * a slow client holds no platform thread.
     */
    private static void hardenConnections(org.eclipse.jetty.server.HttpConfiguration http) {
        http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
        http.setResponseHeaderSize(16 * 1024);
        http.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
    }

    /**
     * The request's method for logs, metric labels and messages: a standard one as sent, any other as
     * {@value #UNKNOWN_METHOD}, so a client inventing methods (or an {@code X-HTTP-Method-Override} value) can neither
     * grow the number of metric series nor write its own text into a log line.
     */
    static String method(Context ctx) {
        String method = ctx.method().name();
        return KNOWN_METHODS.contains(method) ? method : UNKNOWN_METHOD;
    }

    /** The matched route's template; anything else (a 404, a probe for random paths) shares one label value. */
    private static String routeTemplate(Context ctx, Set<String> templates) {
        try {
            String template = ctx.endpoint().path;
            return templates.contains(template) ? template : "unmatched";
        } catch (RuntimeException noEndpoint) {
            return "unmatched";
        }
    }

    private static void ready(Context ctx, Readiness readiness) {
        boolean ready;
        try {
            ready = readiness.isReady();
        } catch (RuntimeException e) {
            LOG.warn("the readiness check failed", e);
            ready = false;
        }
        if (ready) {
            ctx.json(Map.of("status", "ready"));
        } else {
            write(ctx, ErrorCode.UNAVAILABLE, "the job store is not reachable or not migrated", List.of());
        }
    }

    private static void openApi(Context ctx) {
        try (InputStream document = HttpApi.class.getResourceAsStream("/openapi.json")) {
            if (document == null) {
                throw new IllegalStateException("openapi.json is missing from the classpath");
            }
            ctx.contentType("application/json").result(new String(document.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assignRequestId(Context ctx) {
        String fromClient = ctx.header("X-Request-Id");
        String requestId =
                fromClient != null && CLIENT_REQUEST_ID.matcher(fromClient).matches()
                        ? fromClient
                        : UUID.randomUUID().toString();
        ctx.attribute(REQUEST_ID, requestId);
        ctx.header("X-Request-Id", requestId);
        MDC.put(REQUEST_ID, requestId);
    }

    private static void handleException(Exception exception, Context ctx) {
        switch (exception) {
            case ApiError error -> write(ctx, error.code(), error.getMessage(), error.details());
            case JobValidationException invalid ->
                write(ctx, ErrorCode.VALIDATION_FAILED, invalid.getMessage(), invalid.problems());
            case DomainException domain -> write(ctx, codeOf(domain), domain.getMessage(), List.of());
            case JobNotFoundException notFound -> write(ctx, ErrorCode.NOT_FOUND, notFound.getMessage(), List.of());
            case ScheduleNotFoundException notFound ->
                write(ctx, ErrorCode.NOT_FOUND, notFound.getMessage(), List.of());
            case WorkflowNotFoundException notFound ->
                write(ctx, ErrorCode.NOT_FOUND, notFound.getMessage(), List.of());
            case BatchNotFoundException notFound -> write(ctx, ErrorCode.NOT_FOUND, notFound.getMessage(), List.of());
            case StoreUnavailableException unavailable -> {
                LOG.warn("request {} failed: {}", ctx.attribute(REQUEST_ID), unavailable.getMessage());
                ctx.header("Retry-After", "1");
                write(ctx, ErrorCode.UNAVAILABLE, "the job store is unavailable; retry shortly", List.of());
            }
            default -> {
                LOG.error("request {} failed unexpectedly", ctx.attribute(REQUEST_ID), exception);
                write(ctx, ErrorCode.INTERNAL, "the server failed to handle the request", List.of());
            }
        }
    }

    static ErrorCode codeOf(DomainException exception) {
        return switch (exception) {
            case InvalidTransitionException e -> ErrorCode.INVALID_TRANSITION;
            case LeaseLostException e -> ErrorCode.LEASE_LOST;
            case IdempotencyConflictException e -> ErrorCode.IDEMPOTENCY_CONFLICT;
            case JobValidationException e -> ErrorCode.VALIDATION_FAILED;
            case SnoozeLimitReachedException e -> ErrorCode.SNOOZE_LIMIT_REACHED;
            case ScheduleConflictException e -> ErrorCode.SCHEDULE_CONFLICT;
        };
    }

    private static void writeIfMissing(Context ctx, ErrorCode code, String message) {
        if (ctx.attribute(ENVELOPE_WRITTEN) == null) {
            write(ctx, code, message, List.of());
        }
    }

    private static void write(Context ctx, ErrorCode code, String message, List<FieldProblem> problems) {
        ctx.attribute(ENVELOPE_WRITTEN, Boolean.TRUE);
        ctx.status(code.status()).json(ErrorEnvelope.of(code, message, problems, ctx.attribute(REQUEST_ID)));
    }
}
