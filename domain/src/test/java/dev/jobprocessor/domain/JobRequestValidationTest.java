package dev.jobprocessor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/SPEC.md §3's patterns, bounds and defaults for a new job, each bound tried from both sides; docs/SPEC.md §6's
 * reporting.
 */
class JobRequestValidationTest {

    private static final JobRequest VALID = JobRequest.ofType("email.send");

    /** The problems reported for a request, or an empty list when it is valid. */
    private static List<FieldProblem> problems(JobRequest request) {
        try {
            request.validate();
            return List.of();
        } catch (JobValidationException e) {
            return e.problems();
        }
    }

    private static void assertOnlyProblemWith(JobRequest request, String field) {
        assertThat(problems(request)).extracting(FieldProblem::field).containsExactly(field);
    }

    private static void assertValid(JobRequest request) {
        assertThat(problems(request)).isEmpty();
    }

    @Nested
    class Type {

        @ParameterizedTest
        @ValueSource(strings = {"a", "z", "email.send", "a0", "a_b", "a-b", "a.b", "x.9_-.", "noop"})
        void acceptsALowercaseLetterFollowedByLettersDigitsAndSeparators(String type) {
            assertValid(JobRequest.ofType(type));
        }

        @Test
        void acceptsOneHundredCharactersAndRefusesOneMore() {
            assertValid(JobRequest.ofType("a".repeat(100)));
            assertOnlyProblemWith(JobRequest.ofType("a".repeat(101)), "type");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "",
                    "A",
                    "Email",
                    "1job",
                    "_job",
                    ".job",
                    "-job",
                    "job name",
                    "job/name",
                    "job:x",
                    "jöb",
                    "job\n",
                    "\njob",
                    "job\t",
                    " job"
                })
        void refusesAnythingElse(String type) {
            assertOnlyProblemWith(JobRequest.ofType(type), "type");
        }

        @Test
        void isRequired() {
            List<FieldProblem> problems = problems(JobRequest.ofType(null));

            assertThat(problems).extracting(FieldProblem::field).containsExactly("type");
            assertThat(problems.getFirst().problem()).contains("required");
        }
    }

    @Nested
    class Queue {

        @Test
        void defaultsToDefault() {
            assertThat(VALID.validate().queue()).isEqualTo("default");
        }

        @ParameterizedTest
        @ValueSource(strings = {"a", "0", "9lives", "mail", "high-priority", "q_1", "default"})
        void acceptsALowercaseLetterOrDigitFollowedByLettersDigitsDashesAndUnderscores(String queue) {
            assertValid(VALID.withQueue(queue));
            assertThat(VALID.withQueue(queue).validate().queue()).isEqualTo(queue);
        }

        @Test
        void acceptsSixtyFourCharactersAndRefusesOneMore() {
            assertValid(VALID.withQueue("q".repeat(64)));
            assertOnlyProblemWith(VALID.withQueue("q".repeat(65)), "queue");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "Mail", "-mail", "_mail", "mail.eu", "mail eu", "mail/eu", "mail\n", "é"})
        void refusesAnythingElse(String queue) {
            assertOnlyProblemWith(VALID.withQueue(queue), "queue");
        }
    }

    @Nested
    class Priority {

        @Test
        void defaultsToFive() {
            assertThat(VALID.validate().priority()).isEqualTo(5);
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2, 5, 9, 10})
        void acceptsOneToTen(int priority) {
            assertThat(VALID.withPriority(priority).validate().priority()).isEqualTo(priority);
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 11, -1, Integer.MIN_VALUE, Integer.MAX_VALUE})
        void refusesEverythingOutsideOneToTen(int priority) {
            List<FieldProblem> problems = problems(VALID.withPriority(priority));

            // docs/SPEC.md §6 uses exactly this case as its example message.
            assertThat(problems).containsExactly(new FieldProblem("priority", "must be between 1 and 10"));
        }
    }

    @Nested
    class MaxAttempts {

        @Test
        void defaultsToFive() {
            assertThat(VALID.validate().maxAttempts()).isEqualTo(5);
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 100})
        void acceptsOneToOneHundred(int maxAttempts) {
            assertThat(VALID.withMaxAttempts(maxAttempts).validate().maxAttempts())
                    .isEqualTo(maxAttempts);
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 101, -5, Integer.MAX_VALUE})
        void refusesEverythingOutsideOneToOneHundred(int maxAttempts) {
            List<FieldProblem> problems = problems(VALID.withMaxAttempts(maxAttempts));

            assertThat(problems).extracting(FieldProblem::field).containsExactly("max_attempts");
            assertThat(problems.getFirst().problem()).contains("1").contains("100");
        }
    }

    @Nested
    class TimeoutSeconds {

        @Test
        void defaultsToFiveMinutes() {
            assertThat(VALID.validate().timeoutSeconds()).isEqualTo(300);
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 86_400})
        void acceptsOneSecondToOneDay(int timeout) {
            assertThat(VALID.withTimeoutSeconds(timeout).validate().timeoutSeconds())
                    .isEqualTo(timeout);
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 86_401, -1, Integer.MIN_VALUE})
        void refusesEverythingOutsideOneSecondToOneDay(int timeout) {
            List<FieldProblem> problems = problems(VALID.withTimeoutSeconds(timeout));

            assertThat(problems).extracting(FieldProblem::field).containsExactly("timeout_seconds");
            assertThat(problems.getFirst().problem()).contains("1").contains("86400");
        }
    }

    @Nested
    class RunAt {

        @Test
        void staysUnsetWhenOmittedSoTheJobRunsWhenItIsCreated() {
            assertThat(VALID.validate().runAt()).isNull();
            Instant created = Instant.parse("2030-01-01T00:00:00Z");
            assertThat(Job.create(TestJobs.ID, VALID.validate(), created).runAt())
                    .isEqualTo(created);
        }

        @Test
        void keepsTheInstantWhateverOffsetTheClientWroteItIn() {
            Instant inParis = OffsetDateTime.parse("2030-01-01T01:00:00+01:00").toInstant();
            Instant inUtc = OffsetDateTime.parse("2030-01-01T00:00:00Z").toInstant();

            assertThat(VALID.withRunAt(inParis).validate().runAt()).isEqualTo(inUtc);
        }

        @Test
        void acceptsATimeInThePastAsDueAtOnce() {
            // docs/SPEC.md §3 sets no bound on run_at: it is the earliest start, so a past time only means "now".
            Instant past = Instant.parse("2000-01-01T00:00:00Z");

            assertThat(VALID.withRunAt(past).validate().runAt()).isEqualTo(past);
        }
    }

    @Nested
    class IdempotencyKey {

        @Test
        void isOptional() {
            assertThat(VALID.validate().idempotencyKey()).isNull();
        }

        @Test
        void acceptsOneToTwoHundredFiftyFiveCharacters() {
            assertValid(VALID.withIdempotencyKey("k"));
            assertValid(VALID.withIdempotencyKey("k".repeat(255)));
        }

        @Test
        void refusesEmptyAndTooLong() {
            assertOnlyProblemWith(VALID.withIdempotencyKey(""), "idempotency_key");
            assertOnlyProblemWith(VALID.withIdempotencyKey("k".repeat(256)), "idempotency_key");
        }

        @ParameterizedTest
        @ValueSource(strings = {" ", "~", "order 42", "a!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", "Order-42"})
        void acceptsPrintableCharactersIncludingSpaceAndPunctuation(String key) {
            assertThat(VALID.withIdempotencyKey(key).validate().idempotencyKey())
                    .isEqualTo(key);
        }

        @ParameterizedTest
        @ValueSource(strings = {"order\n42", "order\t42", "order\r", "\u0000", "del\u007f", "esc\u001b[0m"})
        void refusesControlCharacters(String key) {
            assertOnlyProblemWith(VALID.withIdempotencyKey(key), "idempotency_key");
        }
    }

    @Nested
    class Payload {

        @ParameterizedTest
        @NullSource
        void defaultsToTheEmptyObject(Json payload) {
            assertThat(VALID.withPayload(payload).validate().payload()).isEqualTo(new Json("{}"));
        }

        @Test
        void isKeptAsGiven() {
            Json payload = new Json("{\"to\":\"ada@example.com\",\"n\":[1,2,3]}");

            assertThat(VALID.withPayload(payload).validate().payload()).isEqualTo(payload);
        }

        @Test
        void aBlankDocumentCannotEvenBeMade() {
            assertThatThrownBy(() -> new Json(" \n")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theDefaultsOfSpecSection3AreAppliedToAnOmittedField() {
        NewJob job = VALID.validate();

        assertThat(job).isEqualTo(new NewJob("email.send", "default", new Json("{}"), 5, null, 5, 300, null));
    }

    @Test
    void everyProblemIsReportedAtOnceWithTheFieldsWireName() {
        JobRequest bad = new JobRequest(
                "Not A Type", "Bad Queue", Json.EMPTY_OBJECT, 0, Instant.EPOCH, 101, 86_401, "line\nbreak");

        JobValidationException e = catchThrowableOfType(JobValidationException.class, bad::validate);

        assertThat(e.problems())
                .extracting(FieldProblem::field)
                .containsExactlyInAnyOrder(
                        "type", "queue", "priority", "max_attempts", "timeout_seconds", "idempotency_key");
        // One message a user can act on: each field named once, each with what to change.
        assertThat(e.getMessage())
                .contains("type ")
                .contains("queue ")
                .contains("priority must be between 1 and 10")
                .contains("max_attempts ")
                .contains("timeout_seconds ")
                .contains("idempotency_key ");
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.problem()).isNotBlank());
        assertThat(e).isInstanceOf(DomainException.class);
    }

    @Test
    void validFieldsAreNotMentionedWhenOthersAreWrong() {
        JobValidationException e = catchThrowableOfType(
                JobValidationException.class,
                () -> VALID.withQueue("ok")
                        .withPriority(11)
                        .withTimeoutSeconds(60)
                        .validate());

        assertThat(e.problems()).extracting(FieldProblem::field).containsExactly("priority");
        assertThat(e.getMessage()).doesNotContain("queue").doesNotContain("timeout");
    }

    @Test
    void aMissingTypeIsReportedTogetherWithTheOtherProblems() {
        List<FieldProblem> problems = problems(JobRequest.ofType(null).withPriority(0));

        assertThat(problems).extracting(FieldProblem::field).containsExactlyInAnyOrder("type", "priority");
    }

    @Test
    void theProblemsCannotBeChangedByTheCaller() {
        JobValidationException e = catchThrowableOfType(
                JobValidationException.class, () -> VALID.withPriority(0).validate());

        assertThatThrownBy(() -> e.problems().add(new FieldProblem("x", "y")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aValidationFailureNeedsAtLeastOneProblem() {
        assertThatThrownBy(() -> new JobValidationException(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
