package dev.jobprocessor.adapters.postgres.jooq.archfixture;

import dev.jobprocessor.adapters.postgres.archfixture.AdapterCodeUsedByGeneratedCode;

/** Stands in for generated code that would refer back to hand-written adapter code (a real cycle). */
public final class GeneratedLookingUp {

    public AdapterCodeUsedByGeneratedCode back() {
        return new AdapterCodeUsedByGeneratedCode();
    }
}
