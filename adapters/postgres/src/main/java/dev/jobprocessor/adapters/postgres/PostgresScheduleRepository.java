package dev.jobprocessor.adapters.postgres;

import static dev.jobprocessor.adapters.postgres.JobRows.instant;
import static dev.jobprocessor.adapters.postgres.JobRows.utc;
import static dev.jobprocessor.adapters.postgres.jooq.Tables.JOBS;
import static dev.jobprocessor.adapters.postgres.jooq.Tables.SCHEDULES;

import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.ScheduleFiringException;
import dev.jobprocessor.application.port.ScheduleRepository;
import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.schedule.Schedule;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConnectionProvider;

/**
 * Schedules in the {@code schedules} table (migration V11). A firing is one transaction: the due row locked with
 * {@code SKIP LOCKED} (another process firing it is passed over, not waited for), the store's clock read in the same
 * statement, the tick's jobs inserted under their keys, the row moved on with a compare-and-set on
 * {@code next_fire_at}. After the commit, one NOTIFY wakes the workers of the jobs' queues, as for any submit.
 */
public final class PostgresScheduleRepository implements ScheduleRepository {

    /** A save that found no row may lose the insert to a concurrent creator; it then decides again, once. */
    private static final int SAVE_ATTEMPTS = 2;

    private final DSLContext dsl;

    public PostgresScheduleRepository(DataSource dataSource) {
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    @Override
    public Saved save(String name, Function<Optional<Schedule>, Schedule> decide) {
        for (int attempt = 1; ; attempt++) {
            Optional<Saved> saved = StoreErrors.translate(() -> dsl.transactionResult(tx -> {
                DSLContext ctx = tx.dsl();
                Optional<Schedule> existing = locked(ctx, name);
                Schedule decided = decide.apply(existing);
                requireName(name, decided);
                if (existing.isPresent()) {
                    if (!decided.equals(existing.get())) {
                        ctx.update(SCHEDULES)
                                .set(ScheduleRows.toRecord(decided))
                                .where(SCHEDULES.NAME.eq(name))
                                .execute();
                    }
                    return Optional.of(new Saved(decided, false));
                }
                int inserted = ctx.insertInto(SCHEDULES)
                        .set(ScheduleRows.toRecord(decided))
                        .onConflict(SCHEDULES.NAME)
                        .doNothing()
                        .execute();
                return inserted == 1 ? Optional.of(new Saved(decided, true)) : Optional.<Saved>empty();
            }));
            if (saved.isPresent()) {
                return saved.get();
            }
            if (attempt >= SAVE_ATTEMPTS) {
                throw new IllegalStateException("schedule '" + name + "' was created and deleted while being saved");
            }
        }
    }

    @Override
    public Optional<Schedule> find(String name) {
        return StoreErrors.translate(() -> dsl.selectFrom(SCHEDULES)
                .where(SCHEDULES.NAME.eq(name))
                .fetchOptional()
                .map(ScheduleRows::toSchedule));
    }

    @Override
    public List<Schedule> list() {
        return StoreErrors.translate(
                () -> dsl.selectFrom(SCHEDULES).orderBy(SCHEDULES.NAME).fetch(ScheduleRows::toSchedule));
    }

    @Override
    public Optional<Schedule> change(String name, UnaryOperator<Schedule> change) {
        return StoreErrors.translate(() -> dsl.transactionResult(tx -> {
            DSLContext ctx = tx.dsl();
            Optional<Schedule> existing = locked(ctx, name);
            if (existing.isEmpty()) {
                return Optional.<Schedule>empty();
            }
            Schedule changed = change.apply(existing.get());
            requireName(name, changed);
            if (!changed.equals(existing.get())) {
                ctx.update(SCHEDULES)
                        .set(ScheduleRows.toRecord(changed))
                        .where(SCHEDULES.NAME.eq(name))
                        .execute();
            }
            return Optional.of(changed);
        }));
    }

    @Override
    public boolean delete(String name) {
        return StoreErrors.translate(
                () -> dsl.deleteFrom(SCHEDULES).where(SCHEDULES.NAME.eq(name)).execute() == 1);
    }

    @Override
    public Optional<FireOutcome> fireNextDue(ScheduleFirer fire, Set<String> passOver) {
        return StoreErrors.translate(() -> dsl.connectionResult(connection -> {
            DSLContext session = DSL.using(new DefaultConnectionProvider(connection), SQLDialect.POSTGRES);
            Optional<FireOutcome> outcome = session.transactionResult(tx -> fireIn(tx.dsl(), fire, passOver));
            outcome.ifPresent(fired -> PostgresJobRepository.notifyWorkers(session, queuesOf(fired.created())));
            return outcome;
        }));
    }

    private static Optional<FireOutcome> fireIn(DSLContext ctx, ScheduleFirer fire, Set<String> passOver) {
        var storeNow = DSL.field("statement_timestamp()", OffsetDateTime.class);
        Record due = ctx.select(SCHEDULES.asterisk(), storeNow.as("store_now"))
                .from(SCHEDULES)
                .where(SCHEDULES.PAUSED.isFalse())
                .and(SCHEDULES.NEXT_FIRE_AT.le(storeNow))
                .and(passOver.isEmpty() ? DSL.noCondition() : SCHEDULES.NAME.notIn(passOver))
                .orderBy(SCHEDULES.NEXT_FIRE_AT)
                .limit(1)
                .forUpdate()
                .of(SCHEDULES)
                .skipLocked()
                .fetchOne();
        if (due == null) {
            return Optional.empty();
        }
        String name = due.get(SCHEDULES.NAME);
        try {
            return Optional.of(fire(ctx, fire, due));
        } catch (RuntimeException failed) {
            if (StoreErrors.isUnavailable(failed)) {
                throw failed; // the database, not this schedule: the whole round stops (StoreUnavailableException)
            }
            // Rolled back with the transaction; named, so that the round can go on with the other schedules.
            throw new ScheduleFiringException(name, failed);
        }
    }

    private static FireOutcome fire(DSLContext ctx, ScheduleFirer fire, Record due) {
        Schedule schedule = ScheduleRows.toSchedule(due.into(SCHEDULES));
        Instant now = instant(due.get("store_now", OffsetDateTime.class));
        Firing firing = fire.fire(schedule, now, lastJobUnfinished(ctx, schedule));
        List<Enqueued> created = insert(ctx, firing.jobs());
        Schedule next = firing.next();
        int moved = ctx.update(SCHEDULES)
                .set(SCHEDULES.NEXT_FIRE_AT, utc(next.nextFireAt().orElse(null)))
                .set(SCHEDULES.LAST_FIRE_AT, utc(next.lastFireAt().orElse(null)))
                .set(SCHEDULES.LAST_JOB_ID, lastJob(created, schedule))
                .set(SCHEDULES.UPDATED_AT, utc(next.updatedAt()))
                .where(SCHEDULES.NAME.eq(schedule.name()))
                // Compare-and-set: the row is locked, so this holds unless a writer ignored the lock; then nothing
                // of this firing may stand.
                .and(SCHEDULES.NEXT_FIRE_AT.eq(utc(schedule.nextFireAt().orElseThrow())))
                .execute();
        if (moved != 1) {
            throw new IllegalStateException(
                    "schedule '" + schedule.name() + "' moved under its lock; the firing is rolled back");
        }
        return new FireOutcome(
                schedule.name(),
                created,
                firing.jobs().size() - created.size(),
                firing.missedSkipped(),
                firing.overlapSkipped());
    }

    @Override
    public Optional<Enqueued> trigger(String name, Function<Schedule, Firing> fire) {
        return StoreErrors.translate(() -> dsl.connectionResult(connection -> {
            DSLContext session = DSL.using(new DefaultConnectionProvider(connection), SQLDialect.POSTGRES);
            Optional<Enqueued> triggered = session.transactionResult(tx -> {
                DSLContext ctx = tx.dsl();
                Optional<Schedule> schedule = locked(ctx, name);
                if (schedule.isEmpty()) {
                    return Optional.<Enqueued>empty();
                }
                Firing firing = fire.apply(schedule.get());
                // As a submit: a unique template whose earlier job still holds its key answers with that job.
                List<Enqueued> enqueued = PostgresJobRepository.insertAll(ctx, firing.jobs());
                List<Enqueued> created =
                        enqueued.stream().filter(Enqueued::created).toList();
                if (created.isEmpty()) {
                    return Optional.of(enqueued.getLast());
                }
                ctx.update(SCHEDULES)
                        .set(
                                SCHEDULES.LAST_FIRE_AT,
                                utc(firing.next().lastFireAt().orElse(null)))
                        .set(SCHEDULES.LAST_JOB_ID, lastJob(created, schedule.get()))
                        .set(SCHEDULES.UPDATED_AT, utc(firing.next().updatedAt()))
                        .where(SCHEDULES.NAME.eq(name))
                        .execute();
                return Optional.of(created.getLast());
            });
            triggered.ifPresent(job -> PostgresJobRepository.notifyWorkers(
                    session, List.of(job.job().queue())));
            return triggered;
        }));
    }

    /** The schedule named {@code name}, its row locked until the transaction ends; empty when there is none. */
    private static Optional<Schedule> locked(DSLContext ctx, String name) {
        return ctx.selectFrom(SCHEDULES)
                .where(SCHEDULES.NAME.eq(name))
                .forUpdate()
                .fetchOptional()
                .map(ScheduleRows::toSchedule);
    }

    /** By primary key: whether the schedule's last job is pending or running (a deleted one has finished). */
    private static boolean lastJobUnfinished(DSLContext ctx, Schedule schedule) {
        if (schedule.lastJobId().isEmpty()) {
            return false;
        }
        return ctx.fetchExists(DSL.selectOne()
                .from(JOBS)
                .where(JOBS.ID.eq(schedule.lastJobId().get().value()))
                .and(JOBS.STATE.in(JobState.PENDING.wireName(), JobState.RUNNING.wireName())));
    }

    private static List<Enqueued> insert(DSLContext ctx, List<Submission> submissions) {
        if (submissions.isEmpty()) {
            return List.of();
        }
        Set<UUID> inserted = PostgresJobRepository.insertSkippingTakenKeys(ctx, submissions);
        return submissions.stream()
                .filter(submission -> inserted.contains(submission.job().id().value()))
                .map(submission -> new Enqueued(submission.job(), true))
                .toList();
    }

    private static UUID lastJob(List<Enqueued> created, Schedule before) {
        return created.isEmpty()
                ? before.lastJobId().map(JobId::value).orElse(null)
                : created.getLast().job().id().value();
    }

    private static List<String> queuesOf(List<Enqueued> created) {
        return created.stream().map(e -> e.job().queue()).distinct().toList();
    }

    private static void requireName(String name, Schedule schedule) {
        if (!schedule.name().equals(name)) {
            throw new IllegalArgumentException(
                    "a schedule saved as '" + name + "' must be named so, got '" + schedule.name() + "'");
        }
    }
}
