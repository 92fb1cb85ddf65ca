package dev.jobprocessor.domain.archfixture;

import java.sql.Connection;
import java.sql.SQLException;

/** Bad: JDBC in the domain. {@code java.sql} is part of the JDK, so only the framework rule catches it. */
public final class DomainUsingJdbc {

    private DomainUsingJdbc() {}

    public static boolean isOpen(Connection connection) throws SQLException {
        return !connection.isClosed();
    }
}
