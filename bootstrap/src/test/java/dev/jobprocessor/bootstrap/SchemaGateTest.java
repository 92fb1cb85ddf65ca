package dev.jobprocessor.bootstrap;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobprocessor.adapters.postgres.SchemaState;
import org.junit.jupiter.api.Test;

/** The one line each schema a process cannot work with ends its start with. */
class SchemaGateTest {

    @Test
    void anOlderSchemaNamesBothVersionsAndTheCommandToRun() {
        assertThatThrownBy(() -> SchemaGate.admit(new SchemaState.Older("3", "5")))
                .isInstanceOf(StartRefusedException.class)
                .hasMessage("the database schema is at version 3 but this build needs 5;"
                        + " run \"java -jar job-processor.jar migrate\" first");
    }

    @Test
    void aMissingSchemaNamesTheCommandToRun() {
        assertThatThrownBy(() -> SchemaGate.admit(new SchemaState.Missing("5")))
                .isInstanceOf(StartRefusedException.class)
                .hasMessage("the database has no job-processor schema (this build needs version 5);"
                        + " run \"java -jar job-processor.jar migrate\" first");
    }

    @Test
    void aNewerSchemaSaysTheJarIsTheOneToUpgrade() {
        assertThatThrownBy(() -> SchemaGate.admit(new SchemaState.Newer("6", "5")))
                .isInstanceOf(StartRefusedException.class)
                .hasMessage("the database schema is at version 6 but this build knows versions up to 5 only;"
                        + " this job-processor.jar is older than the database: upgrade it");
    }

    @Test
    void aCurrentSchemaOrADatabaseThatDoesNotAnswerYetLetsTheProcessStart() {
        assertThatCode(() -> SchemaGate.admit(new SchemaState.Current("5"))).doesNotThrowAnyException();
        assertThatCode(() -> SchemaGate.admit(new SchemaState.Unreachable("connection refused")))
                .doesNotThrowAnyException();
    }
}
