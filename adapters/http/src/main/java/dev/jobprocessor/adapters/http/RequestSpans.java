package dev.jobprocessor.adapters.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Set;

/**
 * A server span per API request, named after its route ({@code POST /jobs}) and continuing the caller's trace when the
 * request carries a W3C {@code traceparent}. The span is current while the route's handler runs, so the jobs a submit
 * creates store it and the database calls it makes are its children. Probes, scrapes and static files are not traced:
 * they would bury the requests that matter.
 */
final class RequestSpans {

    private static final String SPAN = RequestSpans.class.getName() + ".span";
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final Set<String> UNTRACED = Set.of(
            "/health",
            "/ready",
            "/metrics",
            "/openapi.json",
            "/docs",
            "/docs/swagger-initializer.js",
            "/docs/swagger-ui-bundle.js",
            "/docs/swagger-ui.css",
            "/",
            "/dashboard.js",
            "/dashboard.css");

    private static final TextMapGetter<Context> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Context ctx) {
            return ctx.headerMap().keySet();
        }

        @Override
        public String get(Context ctx, String name) {
            return ctx == null ? null : ctx.header(name);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    RequestSpans(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("dev.jobprocessor.http");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** {@code handler} inside a span for {@code route}; routes that are not traced get {@code handler} as it is. */
    @SuppressWarnings("try") // the scope is only held open while the handler runs
    Handler around(Route route, Handler handler) {
        if (UNTRACED.contains(route.path())) {
            return handler;
        }
        String name = route.method() + " " + route.path();
        return ctx -> {
            Span span = tracer.spanBuilder(name)
                    .setParent(propagator.extract(io.opentelemetry.context.Context.current(), ctx, HEADERS))
                    .setSpanKind(SpanKind.SERVER)
                    .setAttribute(METHOD, route.method())
                    .setAttribute(ROUTE, route.path())
                    .setAttribute(PATH, ctx.path())
                    .startSpan();
            ctx.attribute(SPAN, span);
            try (Scope current = span.makeCurrent()) {
                handler.handle(ctx);
            } catch (Exception e) {
                span.recordException(e);
                throw e;
            }
        };
    }

    /** Ends the request's span with its status, once the answer (an error's too) is written. */
    static void finished(Context ctx) {
        Span span = ctx.attribute(SPAN);
        if (span == null) {
            return;
        }
        int status = ctx.statusCode();
        span.setAttribute(STATUS, (long) status);
        if (status >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }
}
