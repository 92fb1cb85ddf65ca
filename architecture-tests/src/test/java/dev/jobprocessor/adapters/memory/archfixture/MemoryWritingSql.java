package dev.jobprocessor.adapters.memory.archfixture;

import org.jooq.DSLContext;

/** Bad on purpose: an adapter other than PostgreSQL speaking jOOQ. */
public final class MemoryWritingSql {

    private final DSLContext dsl;

    public MemoryWritingSql(DSLContext dsl) {
        this.dsl = dsl;
    }

    public DSLContext dsl() {
        return dsl;
    }
}
