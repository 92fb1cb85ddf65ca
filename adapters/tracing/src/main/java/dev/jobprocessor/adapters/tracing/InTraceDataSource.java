package dev.jobprocessor.adapters.tracing;

import io.opentelemetry.api.trace.Span;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The pool, handing out connections whose statements are spans only to callers inside a trace (an API request, a
 * handler's run). The worker's claim polls, the reaper and the other loops run outside any trace; a span for each of
 * their statements would start a new trace every few milliseconds and bury the traces that matter.
 */
final class InTraceDataSource implements DataSource {

    private final DataSource plain;
    private final DataSource traced;

    InTraceDataSource(DataSource plain, DataSource traced) {
        this.plain = plain;
        this.traced = traced;
    }

    private DataSource forCaller() {
        return Span.current().getSpanContext().isValid() ? traced : plain;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return forCaller().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return forCaller().getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return plain.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        plain.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        plain.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return plain.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return plain.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : plain.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || plain.isWrapperFor(type);
    }
}
