package dev.jobprocessor.adapters.postgres.archfixture;

import dev.jobprocessor.adapters.postgres.jooq.archfixture.GeneratedLookingUp;

/** Bad on purpose, with {@link GeneratedLookingUp}: a cycle between our code and generated code. */
public final class AdapterCodeUsedByGeneratedCode {

    public GeneratedLookingUp generated() {
        return new GeneratedLookingUp();
    }
}
