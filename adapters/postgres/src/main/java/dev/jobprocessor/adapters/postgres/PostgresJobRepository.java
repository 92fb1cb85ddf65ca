package dev.jobprocessor.adapters.postgres;

import static dev.jobprocessor.adapters.postgres.JobRows.lastFailedAt;
import static dev.jobprocessor.adapters.postgres.JobRows.toJob;
import static dev.jobprocessor.adapters.postgres.JobRows.toRecord;
import static dev.jobprocessor.adapters.postgres.JobRows.utc;
import static dev.jobprocessor.adapters.postgres.jooq.Tables.JOBS;

import dev.jobprocessor.adapters.postgres.jooq.tables.records.JobsRecord;
import dev.jobprocessor.application.SubmitJob;
import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.application.port.Dependency;
import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.port.JobPage;
import dev.jobprocessor.application.port.JobQuery;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.domain.DomainException;
import dev.jobprocessor.domain.IdempotencyConflictException;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobState;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Record1;
import org.jooq.Record3;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.UpdateResultStep;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConnectionProvider;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs in PostgreSQL. Claims are one {@code FOR UPDATE SKIP LOCKED} statement; every other change locks the job
 * rows, applies the domain's pure transition in Java, and writes the result back, all in one transaction.
 */
public final class PostgresJobRepository implements JobRepository {

    /** The channel enqueues notify, with the queue name as payload; see {@link JobNotificationListener}. */
    public static final String CHANNEL = "jobs_enqueued";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresJobRepository.class);

    /**
     * Lets the NOTIFY statement's own transaction commit without waiting for its WAL flush. A notifying transaction
     * gets a transaction id, and PostgreSQL holds the notification queue's lock until its commit is done, so with
     * durable commits concurrent enqueues queue up behind each other's flushes. Nothing here needs durability:
     * notifications do not survive a server crash, and the jobs they announce were committed durably before.
     */
    private static final Table<?> ASYNCHRONOUS_COMMIT = DSL.select(DSL.function(
                    "set_config", String.class, DSL.inline("synchronous_commit"), DSL.inline("off"), DSL.inline(true)))
            .asTable("asynchronous_commit");

    /** The columns of a batch update's {@code unnest} of arrays, in the order its arrays are given. */
    private static final String[] NEXT_COLUMNS = {
        "id",
        "state",
        "attempts",
        "run_at",
        "result",
        "last_error",
        "errors",
        "lease_token",
        "lease_owner",
        "lease_expires_at",
        "updated_at",
        "started_at",
        "finished_at",
        "last_failed_at",
        "snoozes",
        "cancel_requested_at",
        "unique_key",
        "expected_token",
        "expected_state",
        "dependency_unmet"
    };

    private static final String PENDING = JobState.PENDING.wireName();
    private static final String RUNNING = JobState.RUNNING.wireName();

    /**
     * The states the partial indexes are defined on, inlined into the SQL rather than bound: the planner can use a
     * partial index ({@code WHERE state = 'pending'}) only when it can see the value, and a prepared statement's
     * generic plan cannot see bind values. With a bound state, the claim fell back to bitmap scans of the list indexes
     * and a sort of every pending job (docs/BENCHMARKS.md).
     */
    private static final Field<String> PENDING_LITERAL = DSL.inline(PENDING);

    private static final Field<String> RUNNING_LITERAL = DSL.inline(RUNNING);

    /** 2 × 122 random bits from PostgreSQL's strong random source: more than the 128 bits docs/SPEC.md §5 asks for. */
    private static final Field<String> FRESH_LEASE_TOKEN = DSL.replace(
            DSL.concat(DSL.uuid().cast(String.class), DSL.uuid().cast(String.class)), DSL.inline("-"), DSL.inline(""));

    private static final Comparator<Job> CLAIM_ORDER =
            Comparator.comparingInt(Job::priority).thenComparing(Job::runAt).thenComparing(Job::id);

    private static final Comparator<Submission> INSERT_ORDER = Comparator.comparing(
                    (Submission s) -> s.job().idempotencyKey(), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(PostgresJobRepository::uniqueKeyOf, Comparator.nullsLast(Comparator.naturalOrder()));

    /**
     * Calls of this many submissions or more commit by themselves; smaller ones share a transaction with the calls
     * that arrive while another commits, one group at a time (two or three at a time measured no better:
     * docs/BENCHMARKS.md).
     */
    private static final int GROUP_ALONE = 50;

    /** A unique job whose key was taken, but whose holder let it go before this transaction could see it. */
    private static final int UNIQUE_ATTEMPTS = 3;

    /** Draws the ids of the callback jobs batches enqueue (docs/WORKFLOWS.md, "Batches with callbacks"). */
    private static final SecureRandom CALLBACK_IDS = new SecureRandom();

    private final DSLContext dsl;
    private final ClaimCursors cursors;
    private final QueueGate gate;
    private final GroupCommit<Submission, Enqueued> submits =
            new GroupCommit<>(this::enqueueTogether, SubmitJob.MAX_BATCH_SIZE, GROUP_ALONE, 1);

    public PostgresJobRepository(DataSource dataSource) {
        this(dataSource, new ClaimCursors(System::nanoTime));
    }

    /** With {@code cursors} of a test's choosing, to hold their clock still or move it on. */
    PostgresJobRepository(DataSource dataSource, ClaimCursors cursors) {
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
        this.cursors = cursors;
        this.gate = new QueueGate(dsl, System::nanoTime);
    }

    @Override
    public List<Enqueued> enqueue(List<Submission> submissions) {
        if (submissions.isEmpty()) {
            return List.of();
        }
        return submits.commit(submissions);
    }

    /** One transaction for the submissions of one or several concurrent calls (see {@link GroupCommit}). */
    private List<Enqueued> enqueueTogether(List<Submission> submissions) {
        if (submissions.stream().allMatch(PostgresJobRepository::keyless)) {
            return StoreErrors.translate(
                    () -> dsl.connectionResult(connection -> insertKeyless(connection, submissions)));
        }
        return StoreErrors.translate(() -> dsl.connectionResult(connection -> {
            DSLContext session = DSL.using(new DefaultConnectionProvider(connection), SQLDialect.POSTGRES);
            List<Enqueued> enqueued = insertRetryingVanishedKeys(session, submissions);
            // After the commit, so the notification never reaches a worker before the jobs are visible to it.
            notifyWorkers(
                    session,
                    enqueued.stream()
                            .filter(Enqueued::created)
                            .map(e -> e.job().queue())
                            .distinct()
                            .toList());
            return enqueued;
        }));
    }

    /**
     * A submission that nothing can keep out — no idempotency key, no unique key (its id is new and random) — and that
     * depends on no other job (those lock their parents first).
     */
    private static boolean keyless(Submission submission) {
        return submission.job().idempotencyKey() == null
                && submission.job().unique() == null
                && submission.dependsOn().isEmpty();
    }

    /**
     * Jobs without keys, all of which must be inserted: one auto-committed statement inserts them, commits durably and
     * notifies the workers — one round trip where a transaction, its commit and a NOTIFY after it take three. The
     * NOTIFY inside the transaction makes concurrent notifying commits wait for each other's WAL flush (finding 4 of
     * docs/BENCHMARKS.md); within a process, group commit already lets one enqueue transaction commit at a time.
     */
    private static List<Enqueued> insertKeyless(Connection connection, List<Submission> submissions)
            throws SQLException {
        List<JobsRecord> rows = submissions.stream()
                .map(submission -> toRecord(submission.job(), submission.fingerprint()))
                .toList();
        Set<UUID> inserted = JobInsert.insertNotifying(connection, rows, CHANNEL);
        List<Enqueued> results = new ArrayList<>(submissions.size());
        for (Submission submission : submissions) {
            if (!inserted.contains(submission.job().id().value())) {
                // Only a second job with the same random id could be skipped; the rest of the call is committed.
                throw new IllegalStateException("job " + submission.job().id() + " was not inserted: its id is taken");
            }
            results.add(new Enqueued(submission.job(), true));
        }
        return results;
    }

    /**
     * Inserts the batch in one statement, skipping each job whose idempotency key is taken; returns the ids inserted.
     * ON CONFLICT DO NOTHING waits for a concurrent insert of the same key to commit, then skips it.
     */
    static Set<UUID> insertSkippingTakenKeys(DSLContext ctx, List<Submission> submissions) {
        return insertSkippingTakenKeys(ctx, submissions, row -> {});
    }

    /**
     * As {@link #insertSkippingTakenKeys(DSLContext, List)}, with {@code membership} marking each row as a member of
     * the workflow or batch the jobs are submitted in.
     */
    static Set<UUID> insertSkippingTakenKeys(
            DSLContext ctx, List<Submission> submissions, Consumer<JobsRecord> membership) {
        Set<UUID> parentsInCall = new HashSet<>();
        submissions.forEach(s -> s.dependsOn().forEach(parent -> parentsInCall.add(parent.value())));
        // Rows go in in idempotency-key order: two batches sharing keys then wait for each other's keys in the
        // same order, where in their own orders each could hold a key the other waits for (a deadlock).
        List<JobsRecord> rows = submissions.stream()
                .sorted(INSERT_ORDER)
                .map(submission -> {
                    JobsRecord row = toRecord(submission.job(), submission.fingerprint());
                    row.setHasDependents(parentsInCall.contains(row.getId()));
                    membership.accept(row);
                    return row;
                })
                .toList();
        return ctx.connectionResult(connection -> JobInsert.insert(connection, rows));
    }

    /**
     * {@link #insertAll} in a transaction of its own, again (at most {@value #UNIQUE_ATTEMPTS} times) when a unique
     * key that kept a job out was let go before the transaction could read who held it.
     */
    private static List<Enqueued> insertRetryingVanishedKeys(DSLContext session, List<Submission> submissions) {
        for (int attempt = 1; ; attempt++) {
            try {
                return session.transactionResult(tx -> insertAll(tx.dsl(), submissions));
            } catch (VanishedUniqueKey vanished) {
                if (attempt >= UNIQUE_ATTEMPTS) {
                    throw new IllegalStateException(vanished.getMessage());
                }
            }
        }
    }

    /**
     * Inserts the batch in one statement, skipping repeated idempotency keys and unique keys that are held, and
     * decides each submission: created, the same request again (its idempotency key), or a duplicate of a unique job.
     */
    static List<Enqueued> insertAll(DSLContext ctx, List<Submission> submissions) {
        return insertAll(ctx, submissions, row -> {});
    }

    /** As {@link #insertAll(DSLContext, List)}, with {@code membership} marking each row (see above). */
    static List<Enqueued> insertAll(DSLContext ctx, List<Submission> submissions, Consumer<JobsRecord> membership) {
        {
            Set<UUID> inCall = new HashSet<>();
            submissions.forEach(s -> inCall.add(s.job().id().value()));
            Set<UUID> storedParents = new HashSet<>();
            submissions.forEach(s -> s.dependsOn().stream()
                    .map(JobId::value)
                    .filter(parent -> !inCall.contains(parent))
                    .forEach(storedParents::add));
            Map<UUID, JobState> parentStates = DependencyGraph.lockParents(ctx, storedParents);
            // The selects below (a new snapshot under READ COMMITTED) see the winner of a key taken meanwhile.
            Set<UUID> inserted = insertSkippingTakenKeys(ctx, submissions, membership);
            Map<String, JobsRecord> existingByKey = existingByKey(ctx, submissions, inserted);
            Map<String, JobsRecord> holders = uniqueKeyHolders(ctx, submissions, inserted, existingByKey);
            List<Enqueued> results = new ArrayList<>(submissions.size());
            for (Submission submission : submissions) {
                Job job = submission.job();
                if (inserted.contains(job.id().value())) {
                    results.add(new Enqueued(job, true));
                    continue;
                }
                JobsRecord existing = existingByKey.get(job.idempotencyKey());
                if (existing == null) {
                    JobsRecord holder = holders.get(uniqueKeyOf(submission));
                    if (holder == null) {
                        throw new VanishedUniqueKey(job.id());
                    }
                    results.add(Enqueued.duplicateOf(toJob(holder)));
                    continue;
                }
                if (!existing.getIdempotencyFingerprint().equals(submission.fingerprint())) {
                    // Throwing rolls the whole batch back: all or nothing.
                    throw new IdempotencyConflictException(job.idempotencyKey(), new JobId(existing.getId()));
                }
                results.add(new Enqueued(toJob(existing), false));
            }
            return withParents(ctx, submissions, inserted, results, parentStates);
        }
    }

    /**
     * Stores the edges of the new jobs that depend on others, with a parent that was not inserted (its key was taken)
     * standing for the job that holds the key, and tells the new jobs of the parents that have ended already. Returns
     * {@code results} with those jobs as they are stored now.
     */
    private static List<Enqueued> withParents(
            DSLContext ctx,
            List<Submission> submissions,
            Set<UUID> inserted,
            List<Enqueued> results,
            Map<UUID, JobState> parentStates) {
        Map<UUID, UUID> storedAs = new HashMap<>();
        for (int i = 0; i < submissions.size(); i++) {
            UUID submitted = submissions.get(i).job().id().value();
            if (!inserted.contains(submitted)) {
                storedAs.put(submitted, results.get(i).job().id().value());
            }
        }
        Map<UUID, List<UUID>> edges = new LinkedHashMap<>();
        Set<UUID> standIns = new HashSet<>();
        for (Submission submission : submissions) {
            if (!submission.dependsOn().isEmpty()
                    && inserted.contains(submission.job().id().value())) {
                List<UUID> parents = new ArrayList<>();
                for (JobId named : submission.dependsOn()) {
                    UUID parent = storedAs.getOrDefault(named.value(), named.value());
                    if (!parent.equals(named.value())) {
                        standIns.add(parent);
                    }
                    parents.add(parent);
                }
                edges.put(submission.job().id().value(), parents);
            }
        }
        if (edges.isEmpty()) {
            return results;
        }
        Map<UUID, JobState> states = new HashMap<>(parentStates);
        states.putAll(DependencyGraph.lockParents(ctx, standIns));
        DependencyGraph.insertEdges(ctx, edges);
        Instant now = submissions.getFirst().job().createdAt();
        List<DependencyGraph.Ended> ended = new ArrayList<>();
        states.forEach((id, state) -> {
            if (state.isTerminal()) {
                ended.add(new DependencyGraph.Ended(id, state, now));
            }
        });
        BatchMoves batchMoves = new BatchMoves();
        Map<JobId, Job> changed = DependencyGraph.settle(ctx, ended, batchMoves);
        BatchTallies.settle(ctx, batchMoves, CALLBACK_IDS);
        if (changed.isEmpty()) {
            return results;
        }
        return results.stream()
                .map(e -> e.created() && changed.containsKey(e.job().id())
                        ? new Enqueued(changed.get(e.job().id()), true)
                        : e)
                .toList();
    }

    /**
     * Notifies workers of new jobs in {@code queues} from inside the current transaction: PostgreSQL delivers it at
     * the commit, never before the jobs are visible, and the transaction's commit stays durable (unlike
     * {@link #notifyWorkers}, which runs after an enqueue's commit in a transaction of its own).
     */
    static void notifyAtCommit(DSLContext ctx, Collection<String> queues) {
        if (queues.isEmpty()) {
            return;
        }
        ctx.select(DSL.function("pg_notify", Object.class, DSL.val(CHANNEL), DSL.field("queue")))
                .from(DSL.unnest(queues.toArray(String[]::new)).as("queued", "queue"))
                .fetch();
    }

    /** Fails the transaction unless every job was created: the jobs of a workflow or batch carry no keys. */
    static void requireAllCreated(List<Enqueued> enqueued, String group) {
        for (Enqueued job : enqueued) {
            if (!job.created()) {
                // Only a taken random id lands here.
                throw new IllegalStateException("job " + job.job().id() + " of " + group + " was not created");
            }
        }
    }

    /**
     * One NOTIFY per queue that got jobs, on the connection that just committed them (it is awake, and no other
     * thread has to be woken to send it). A NOTIFY inside the enqueue transaction would serialise commits: PostgreSQL
     * holds the notification queue's lock across a notifying commit's WAL flush. A notification is only a hint: if it
     * is lost, workers find the jobs on their next poll.
     */
    static void notifyWorkers(DSLContext session, List<String> queues) {
        if (queues.isEmpty()) {
            return;
        }
        try {
            session.select(DSL.function("pg_notify", Object.class, DSL.val(CHANNEL), DSL.field("queue")))
                    .from(
                            ASYNCHRONOUS_COMMIT,
                            DSL.unnest(queues.toArray(new String[0])).as("queued", "queue"))
                    .fetch();
        } catch (RuntimeException e) {
            LOG.warn("could not notify workers of new jobs in {}: {}", queues, e.getMessage());
        }
    }

    @Override
    public Optional<Job> find(JobId id) {
        return StoreErrors.translate(() -> dsl.selectFrom(JOBS)
                .where(JOBS.ID.eq(id.value()))
                .fetchOptional()
                .map(JobRows::toJob));
    }

    @Override
    public List<Dependency> dependenciesOf(JobId id) {
        return StoreErrors.translate(() -> DependencyGraph.of(dsl, id));
    }

    @Override
    public JobPage list(JobQuery query) {
        return StoreErrors.translate(() -> {
            List<Condition> conditions = new ArrayList<>();
            if (query.state() != null) {
                // Inline, as in the claim: a generic plan that cannot see the state cannot use the partial indexes
                // that serve it (jobs_list_by_state, jobs_running).
                conditions.add(JOBS.STATE.eq(DSL.inline(query.state().wireName())));
            }
            if (query.type() != null) {
                conditions.add(JOBS.TYPE.eq(query.type()));
            }
            if (query.queue() != null) {
                conditions.add(JOBS.QUEUE.eq(query.queue()));
            }
            if (query.before() != null) {
                conditions.add(JOBS.ID.lt(query.before().value()));
            }
            // One row more than the page tells whether another page follows, without a count.
            List<Job> rows = dsl.selectFrom(JOBS)
                    .where(conditions)
                    .orderBy(JOBS.ID.desc())
                    .limit(query.limit() + 1)
                    .fetch(JobRows::toJob);
            if (rows.size() <= query.limit()) {
                return new JobPage(rows, null);
            }
            List<Job> page = rows.subList(0, query.limit());
            return new JobPage(page, page.getLast().id());
        });
    }

    /**
     * One statement: the CTE picks due jobs in claim order and locks them, skipping rows another claimer holds; the
     * UPDATE moves exactly those to running. Locking in the CTE (not in a separate SELECT) means a job is never seen
     * by two claimers, and SKIP LOCKED means claimers never wait on each other. Where the {@link ClaimCursors} know
     * where live jobs begin, the CTE reads only the index ranges from there on.
     *
     * <p>Queues that are paused or limited ({@link QueueGate}) go first, through a {@link RestrictedClaim}; the rest
     * through the one statement, which leaves out any queue whose committed row says otherwise.
     */
    @Override
    public List<Job> claim(ClaimRequest request) {
        Set<String> restricted = gate.restricted(request.queues());
        List<Job> claimed = new ArrayList<>(request.limit());
        if (!restricted.isEmpty()) {
            claimed.addAll(StoreErrors.translate(
                    () -> dsl.transactionResult(tx -> new RestrictedClaim(tx.dsl(), request).claim(restricted))));
        }
        List<String> open =
                request.queues().stream().filter(q -> !restricted.contains(q)).toList();
        int left = request.limit() - claimed.size();
        if (!open.isEmpty() && left > 0) {
            ClaimRequest fromOpen =
                    new ClaimRequest(request.owner(), open, request.types(), left, request.lease(), request.now());
            ClaimPlan plan = cursors.plan(fromOpen);
            // Timed on the cursors' own clock, as their intervals are: a test that holds that clock still sees no
            // stretching from a claim that happened to be slow.
            long started = cursors.nanoTime();
            // One statement, so it is atomic on its own: no BEGIN/COMMIT round trips around it.
            List<Job> fast = StoreErrors.translate(
                    () -> claimStatement(dsl, fromOpen, plan, true, DSL.noCondition()).fetch().stream()
                            .map(JobRows::toJob)
                            .toList());
            cursors.claimed(fromOpen, plan, fast, Duration.ofNanos(cursors.nanoTime() - started));
            claimed.addAll(fast);
        }
        return claimed.stream().sorted(CLAIM_ORDER).toList();
    }

    /** Tells the claim that this process changed a queue's settings, so the next claim reads them afresh. */
    void queuesChanged() {
        gate.forget();
    }

    /** The plain claim as {@code plan} reads the index; package-private so a test can ask what it costs. */
    UpdateResultStep<JobsRecord> claimStatement(ClaimRequest request, ClaimPlan plan) {
        return claimStatement(dsl, request, plan, true, DSL.noCondition());
    }

    /**
     * The claim statement; with {@code onlyOpenQueues}, it takes nothing from a queue whose row is paused or limited
     * (the plain path), without, it claims whatever is due (the locked path, which checked the row itself). A
     * {@code lane} narrows a full scan to one concurrency key's jobs ({@link RestrictedClaim}).
     */
    static UpdateResultStep<JobsRecord> claimStatement(
            DSLContext ctx, ClaimRequest request, ClaimPlan plan, boolean onlyOpenQueues, Condition lane) {
        CommonTableExpression<?>[] due = switch (plan) {
            case ClaimPlan.FullScan fullScan ->
                new CommonTableExpression<?>[] {dueFromTheFront(request, onlyOpenQueues, lane)};
            case ClaimPlan.Ranges ranges -> dueFromRanges(request, ranges.ranges(), onlyOpenQueues);
        };
        return ctx.with(due)
                .update(JOBS)
                .set(JOBS.STATE, RUNNING)
                .set(JOBS.ATTEMPTS, JOBS.ATTEMPTS.plus((short) 1))
                .set(JOBS.LEASE_TOKEN, FRESH_LEASE_TOKEN)
                .set(JOBS.LEASE_OWNER, request.owner())
                .set(JOBS.LEASE_EXPIRES_AT, leaseEnd(request))
                .set(JOBS.STARTED_AT, utc(request.now()))
                .set(JOBS.UPDATED_AT, utc(request.now()))
                .from(DSL.table(DSL.name("due")))
                .where(JOBS.ID.eq(DSL.field(DSL.name("due", "id"), UUID.class)))
                .returning();
    }

    /** Due jobs of the request's queues and types; {@code state} inline so the partial claim index applies. */
    static Condition eligible(ClaimRequest request, Condition where) {
        Condition eligible = JOBS.STATE.eq(PENDING_LITERAL).and(where).and(JOBS.RUN_AT.le(utc(request.now())));
        return request.types().isEmpty() ? eligible : eligible.and(JOBS.TYPE.in(request.types()));
    }

    /** Only the queues neither paused nor limited, when {@code onlyOpen}: see {@link QueueGate#open}. */
    private static Condition inQueues(List<String> queues, boolean onlyOpen) {
        Condition in = JOBS.QUEUE.in(queues);
        return onlyOpen ? in.and(QueueGate.open(JOBS.QUEUE, queues)) : in;
    }

    private static CommonTableExpression<Record1<UUID>> dueFromTheFront(
            ClaimRequest request, boolean onlyOpen, Condition lane) {
        return DSL.name("due")
                .fields("id")
                .as(DSL.select(JOBS.ID)
                        .from(JOBS)
                        .where(eligible(
                                request, inQueues(request.queues(), onlyOpen).and(lane)))
                        .orderBy(JOBS.PRIORITY, JOBS.RUN_AT, JOBS.ID)
                        // Inline, not a bind value: the driver prepares the statement after a few runs, and a
                        // generic plan that cannot see the limit guesses 10% of the table and joins back with a
                        // sequential scan (26 ms instead of 0.5 ms on 20 000 jobs; docs/BENCHMARKS.md).
                        .limit(DSL.inline(request.limit()))
                        .forUpdate()
                        .skipLocked());
    }

    /**
     * One CTE per range, each locking up to {@code limit} jobs in index order, and {@code due}, the first
     * {@code limit} of them all in claim order. A range that locks jobs {@code due} does not take (only when several
     * ranges have due jobs) holds them until the statement commits, a moment later.
     */
    private static CommonTableExpression<?>[] dueFromRanges(
            ClaimRequest request, List<ClaimRange> ranges, boolean onlyOpen) {
        CommonTableExpression<?>[] ctes = new CommonTableExpression<?>[ranges.size() + 1];
        Select<Record3<UUID, Short, OffsetDateTime>> candidates = null;
        for (int i = 0; i < ranges.size(); i++) {
            ClaimRange range = ranges.get(i);
            Condition where = JOBS.QUEUE
                    .eq(range.queue())
                    .and(JOBS.PRIORITY.between((short) range.firstPriority(), (short) range.lastPriority()));
            if (range.runAtFrom().isPresent()) {
                where = where.and(JOBS.RUN_AT.ge(utc(range.runAtFrom().get())));
            }
            if (onlyOpen) {
                // As the claim from the front does: a process whose view of the restricted queues is up to a second
                // old must still take nothing from a queue paused or limited since.
                where = where.and(QueueGate.open(JOBS.QUEUE, List.of(range.queue())));
            }
            Name name = DSL.name("range_" + i);
            ctes[i] = name.fields("id", "priority", "run_at")
                    .as(DSL.select(JOBS.ID, JOBS.PRIORITY, JOBS.RUN_AT)
                            .from(JOBS)
                            .where(eligible(request, where))
                            .orderBy(JOBS.PRIORITY, JOBS.RUN_AT, JOBS.ID)
                            .limit(DSL.inline(request.limit()))
                            .forUpdate()
                            .skipLocked());
            Select<Record3<UUID, Short, OffsetDateTime>> fromRange = DSL.select(
                            DSL.field(DSL.name(name.last(), "id"), UUID.class),
                            DSL.field(DSL.name(name.last(), "priority"), Short.class),
                            DSL.field(DSL.name(name.last(), "run_at"), OffsetDateTime.class))
                    .from(DSL.table(name));
            candidates = candidates == null ? fromRange : candidates.unionAll(fromRange);
        }
        Table<Record3<UUID, Short, OffsetDateTime>> all = candidates.asTable("candidate", "id", "priority", "run_at");
        ctes[ranges.size()] = DSL.name("due")
                .fields("id")
                .as(DSL.select(all.field("id", UUID.class))
                        .from(all)
                        .orderBy(
                                all.field("priority", Short.class),
                                all.field("run_at", OffsetDateTime.class),
                                all.field("id", UUID.class))
                        .limit(DSL.inline(request.limit())));
        return ctes;
    }

    /** As {@link Job#claim}: the lease, but never past the attempt's deadline (now + timeout_seconds). */
    private static Field<OffsetDateTime> leaseEnd(ClaimRequest request) {
        Field<OffsetDateTime> deadline = DSL.field(
                "{0} + {1} * interval '1 second'",
                OffsetDateTime.class, DSL.val(utc(request.now())), JOBS.TIMEOUT_SECONDS);
        return DSL.least(DSL.val(utc(request.now().plus(request.lease()))), deadline);
    }

    /**
     * Changes that carry the lease holder's snapshot go first, all in one compare-and-set statement (see
     * {@link JobChange}); whatever that does not settle — rejections, rows no longer under that lease, changes without
     * a snapshot — goes through {@link #applyLocked}, which reads and locks the rows and decides.
     */
    @Override
    public List<ChangeOutcome> apply(List<JobChange> changes) {
        if (changes.isEmpty()) {
            return List.of();
        }
        ChangeOutcome[] outcomes = new ChangeOutcome[changes.size()];
        applyLeased(changes, outcomes);
        List<Integer> undecided = new ArrayList<>();
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] == null) {
                undecided.add(i);
            }
        }
        if (!undecided.isEmpty()) {
            List<ChangeOutcome> decided =
                    applyLocked(undecided.stream().map(changes::get).toList());
            for (int i = 0; i < undecided.size(); i++) {
                outcomes[undecided.get(i)] = decided.get(i);
            }
        }
        return List.of(outcomes);
    }

    /**
     * One statement, so one transaction on its own: writes each snapshot's next state where the row is still running
     * under the snapshot's lease token, and records an outcome for exactly those. A job named twice in the batch is
     * left to the locking path, which applies its changes in order.
     */
    private void applyLeased(List<JobChange> changes, ChangeOutcome[] outcomes) {
        Map<JobId, Integer> once = new HashMap<>();
        Set<JobId> repeated = new HashSet<>();
        for (int i = 0; i < changes.size(); i++) {
            if (once.putIfAbsent(changes.get(i).id(), i) != null) {
                repeated.add(changes.get(i).id());
            }
        }
        Map<JobId, ChangeOutcome.Applied> candidates = new LinkedHashMap<>();
        for (JobChange change : changes) {
            Job leased = change.leased();
            if (leased == null || repeated.contains(change.id())) {
                continue;
            }
            try {
                ChangeOutcome.Applied applied =
                        ChangeOutcome.Applied.of(leased, change.transition().apply(leased));
                if (!applied.after().equals(leased)) {
                    candidates.put(change.id(), applied);
                }
            } catch (DomainException rejected) {
                // The locking path rejects it against the stored row, with the stored row's reason.
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        List<ChangeOutcome.Applied> ordered = List.copyOf(candidates.values());
        List<Job> next = ordered.stream().map(ChangeOutcome.Applied::after).toList();
        List<String> expectedTokens = ordered.stream()
                .map(applied -> applied.before().leaseToken().value())
                .toList();
        Set<UUID> written = StoreErrors.translate(() -> new HashSet<>(updateAll(dsl, next, expectedTokens)));
        for (ChangeOutcome.Applied applied : candidates.values()) {
            if (written.contains(applied.after().id().value())) {
                outcomes[once.get(applied.after().id())] = applied;
            }
        }
    }

    private List<ChangeOutcome> applyLocked(List<JobChange> changes) {
        return StoreErrors.translate(() -> dsl.transactionResult(tx -> {
            DSLContext ctx = tx.dsl();
            // Lock in id order so two transactions locking overlapping batches cannot deadlock.
            List<UUID> ids = changes.stream()
                    .map(change -> change.id().value())
                    .distinct()
                    .sorted()
                    .toList();
            Map<JobId, Job> current = new HashMap<>();
            Set<JobId> withDependents = new HashSet<>();
            Map<JobId, UUID> batchOf = new HashMap<>();
            ctx.selectFrom(JOBS)
                    .where(JOBS.ID.in(ids))
                    .orderBy(JOBS.ID)
                    .forUpdate()
                    .fetch()
                    .forEach(row -> {
                        current.put(new JobId(row.getId()), toJob(row));
                        if (row.getHasDependents()) {
                            withDependents.add(new JobId(row.getId()));
                        }
                        if (row.getBatchId() != null) {
                            batchOf.put(new JobId(row.getId()), row.getBatchId());
                        }
                    });
            List<DependencyGraph.Ended> ended = new ArrayList<>();
            BatchMoves batchMoves = new BatchMoves();
            Map<JobId, Job> changed = new LinkedHashMap<>();
            List<ChangeOutcome> outcomes = new ArrayList<>(changes.size());
            for (JobChange change : changes) {
                Job before = current.get(change.id());
                if (before == null) {
                    outcomes.add(new ChangeOutcome.Missing(change.id()));
                    continue;
                }
                try {
                    ChangeOutcome.Applied applied =
                            ChangeOutcome.Applied.of(before, change.transition().apply(before));
                    outcomes.add(applied);
                    Job after = applied.after();
                    batchMoves.record(batchOf.get(after.id()), before.state(), after.state(), after.updatedAt());
                    if (!after.equals(before)) {
                        current.put(after.id(), after);
                        changed.put(after.id(), after);
                    }
                    if (applied.transition().endsJob() && withDependents.contains(after.id())) {
                        ended.add(new DependencyGraph.Ended(after.id().value(), after.state(), after.updatedAt()));
                    }
                } catch (DomainException rejected) {
                    outcomes.add(new ChangeOutcome.Rejected(change.id(), rejected));
                }
            }
            if (!changed.isEmpty()
                    && updateAll(ctx, List.copyOf(changed.values()), null).size() != changed.size()) {
                throw new IllegalStateException("a locked job row was not updated; rolling back");
            }
            // In this transaction, after the parents' rows: their children lock after them (see DependencyGraph).
            DependencyGraph.settle(ctx, ended, batchMoves);
            // Last, after every job row this transaction locks: see BatchTallies on the lock order.
            BatchTallies.settle(ctx, batchMoves, CALLBACK_IDS);
            return outcomes;
        }));
    }

    @Override
    public List<JobId> findExpiredLeases(Instant now, int limit) {
        return StoreErrors.translate(() -> dsl.select(JOBS.ID)
                .from(JOBS)
                .where(JOBS.STATE.eq(RUNNING_LITERAL))
                .and(JOBS.LEASE_EXPIRES_AT.le(utc(now)))
                .orderBy(JOBS.LEASE_EXPIRES_AT, JOBS.ID)
                .limit(limit)
                .fetch(row -> new JobId(row.value1())));
    }

    /** By primary key: a worker asks about the few jobs it holds, several times a second. */
    @Override
    public List<JobId> findCancelRequested(List<JobId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        UUID[] wanted = ids.stream().map(JobId::value).toArray(UUID[]::new);
        return StoreErrors.translate(() -> dsl.select(JOBS.ID)
                .from(JOBS)
                .where(JOBS.ID.eq(DSL.any(wanted)))
                // As a sub-select, not a literal: the ids should drive primary-key lookups, and a literal 'running'
                // lets the planner read all of jobs_running instead (see updateStatement).
                .and(JOBS.STATE.eq(DSL.field(DSL.select(RUNNING_LITERAL))))
                .and(JOBS.CANCEL_REQUESTED_AT.isNotNull())
                .fetch(row -> new JobId(row.value1())));
    }

    /** The jobs holding the unique keys of the submissions neither inserted nor found by their idempotency key. */
    private static Map<String, JobsRecord> uniqueKeyHolders(
            DSLContext ctx, List<Submission> submissions, Set<UUID> inserted, Map<String, JobsRecord> existingByKey) {
        List<String> keys = submissions.stream()
                .filter(s -> !inserted.contains(s.job().id().value()))
                .filter(s -> s.job().idempotencyKey() == null
                        || !existingByKey.containsKey(s.job().idempotencyKey()))
                .map(PostgresJobRepository::uniqueKeyOf)
                .filter(Objects::nonNull)
                .toList();
        Map<String, JobsRecord> holders = new HashMap<>();
        if (!keys.isEmpty()) {
            ctx.selectFrom(JOBS)
                    .where(JOBS.UNIQUE_KEY.in(keys))
                    .fetch()
                    .forEach(row -> holders.put(row.getUniqueKey(), row));
        }
        return holders;
    }

    private static String uniqueKeyOf(Submission submission) {
        return submission.job().unique() == null
                ? null
                : submission.job().unique().key();
    }

    /** Rolls the transaction back so that it is tried again: see {@link #insertRetryingVanishedKeys}. */
    private static final class VanishedUniqueKey extends RuntimeException {
        VanishedUniqueKey(JobId id) {
            super("job " + id + " was neither inserted nor found by its idempotency or unique key", null, false, false);
        }
    }

    private static Map<String, JobsRecord> existingByKey(
            DSLContext ctx, List<Submission> submissions, Set<UUID> inserted) {
        List<String> keys = submissions.stream()
                .filter(s -> !inserted.contains(s.job().id().value()))
                .map(s -> s.job().idempotencyKey())
                .toList();
        Map<String, JobsRecord> byKey = new HashMap<>();
        if (!keys.isEmpty()) {
            ctx.selectFrom(JOBS)
                    .where(JOBS.IDEMPOTENCY_KEY.in(keys))
                    .fetch()
                    .forEach(row -> byKey.put(row.getIdempotencyKey(), row));
        }
        return byKey;
    }

    /**
     * Writes every field a transition may change, for all {@code jobs} in one statement: the new values travel as one
     * array per column and are joined back by id ({@code UPDATE … FROM unnest(…)}). One statement instead of one per
     * job saves a round trip and a statement-trigger run per job. The immutable fields are guarded by a trigger. With
     * {@code expectedTokens} (one per job, same order), a row is written only if it is still running under its token;
     * returns the ids of the rows written.
     */
    static List<UUID> updateAll(DSLContext ctx, List<Job> jobs, List<String> expectedTokens) {
        return updateStatement(ctx, jobs, expectedTokens).fetch(JOBS.ID);
    }

    /** The statement of {@link #updateAll}; package-private so a test can ask PostgreSQL how it plans it. */
    static UpdateResultStep<JobsRecord> updateStatement(DSLContext ctx, List<Job> jobs, List<String> expectedTokens) {
        int n = jobs.size();
        UUID[] ids = new UUID[n];
        String[] states = new String[n];
        Short[] attempts = new Short[n];
        OffsetDateTime[] runAts = new OffsetDateTime[n];
        String[] results = new String[n];
        String[] lastErrors = new String[n];
        String[] errors = new String[n];
        String[] tokens = new String[n];
        String[] owners = new String[n];
        OffsetDateTime[] leaseEnds = new OffsetDateTime[n];
        OffsetDateTime[] updatedAts = new OffsetDateTime[n];
        OffsetDateTime[] startedAts = new OffsetDateTime[n];
        OffsetDateTime[] finishedAts = new OffsetDateTime[n];
        OffsetDateTime[] lastFailedAts = new OffsetDateTime[n];
        Short[] snoozes = new Short[n];
        OffsetDateTime[] cancelRequestedAts = new OffsetDateTime[n];
        String[] uniqueKeys = new String[n];
        Short[] unmet = new Short[n];
        String[] expected = expectedTokens == null ? new String[n] : expectedTokens.toArray(new String[0]);
        String[] expectedStates = new String[n];
        Arrays.fill(expectedStates, RUNNING);
        int i = 0;
        for (Job job : jobs) {
            ids[i] = job.id().value();
            states[i] = job.state().wireName();
            attempts[i] = (short) job.attempts();
            runAts[i] = utc(job.runAt());
            results[i] = job.result() == null ? null : job.result().text();
            lastErrors[i] = job.lastError();
            errors[i] = ErrorHistory.toJson(job.errors());
            tokens[i] = job.leaseToken() == null ? null : job.leaseToken().value();
            owners[i] = job.leaseOwner();
            leaseEnds[i] = utc(job.leaseExpiresAt());
            updatedAts[i] = utc(job.updatedAt());
            startedAts[i] = utc(job.startedAt());
            finishedAts[i] = utc(job.finishedAt());
            lastFailedAts[i] = lastFailedAt(job);
            snoozes[i] = (short) job.snoozes();
            cancelRequestedAts[i] = utc(job.cancelRequestedAt());
            uniqueKeys[i] = job.unique() == null ? null : job.unique().key();
            unmet[i] = job.dependencies() == null
                    ? null
                    : (short) job.dependencies().unmet();
            i++;
        }
        Table<?> next = DSL.table(
                        "unnest({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}, {12}, {13}, {14}, {15},"
                                + " {16}, {17}, {18}, {19})",
                        DSL.val(ids),
                        DSL.val(states),
                        DSL.val(attempts),
                        DSL.val(runAts),
                        DSL.val(results),
                        DSL.val(lastErrors),
                        DSL.val(errors),
                        DSL.val(tokens),
                        DSL.val(owners),
                        DSL.val(leaseEnds),
                        DSL.val(updatedAts),
                        DSL.val(startedAts),
                        DSL.val(finishedAts),
                        DSL.val(lastFailedAts),
                        DSL.val(snoozes),
                        DSL.val(cancelRequestedAts),
                        DSL.val(uniqueKeys),
                        DSL.val(expected),
                        DSL.val(expectedStates),
                        DSL.val(unmet))
                .as("next", NEXT_COLUMNS);
        // The compare-and-set locks its rows first, in PostgreSQL's id order, the order every other writer locks in
        // (the UPDATE alone would lock them in whatever order its join plan reads them): no deadlock with the reaper.
        // The batch is joined to its rows inside that locking CTE, and the UPDATE reads the CTE alone: joining the
        // CTE and the batch in the UPDATE instead got a generic plan that rescanned the CTE for every row of the batch
        // (for 100 jobs, 9 900 rows removed by its join filter; 17-21 ms against 6-12 ms this way, BENCHMARKS.md).
        // Every row the UPDATE touches came out of the CTE, so it was locked there, in order.
        CommonTableExpression<?> locked = DSL.name("locked")
                .fields(NEXT_COLUMNS)
                .asMaterialized(DSL.select(next.asterisk())
                        .from(JOBS.join(next).on(JOBS.ID.eq(DSL.field(DSL.name("next", "id"), UUID.class))))
                        .orderBy(JOBS.ID)
                        .forUpdate()
                        .of(JOBS));
        String from = expectedTokens == null ? "next" : "locked";
        return (expectedTokens == null ? ctx.update(JOBS) : ctx.with(locked).update(JOBS))
                .set(JOBS.STATE, DSL.field(DSL.name(from, "state"), String.class))
                .set(JOBS.ATTEMPTS, DSL.field(DSL.name(from, "attempts"), Short.class))
                .set(JOBS.RUN_AT, DSL.field(DSL.name(from, "run_at"), OffsetDateTime.class))
                .set(
                        JOBS.RESULT,
                        DSL.field(DSL.name(from, "result"), String.class).cast(SQLDataType.JSON))
                .set(JOBS.LAST_ERROR, DSL.field(DSL.name(from, "last_error"), String.class))
                .set(
                        JOBS.ERRORS,
                        DSL.field(DSL.name(from, "errors"), String.class).cast(SQLDataType.JSONB))
                .set(JOBS.LEASE_TOKEN, DSL.field(DSL.name(from, "lease_token"), String.class))
                .set(JOBS.LEASE_OWNER, DSL.field(DSL.name(from, "lease_owner"), String.class))
                .set(JOBS.LEASE_EXPIRES_AT, DSL.field(DSL.name(from, "lease_expires_at"), OffsetDateTime.class))
                .set(JOBS.UPDATED_AT, DSL.field(DSL.name(from, "updated_at"), OffsetDateTime.class))
                .set(JOBS.STARTED_AT, DSL.field(DSL.name(from, "started_at"), OffsetDateTime.class))
                .set(JOBS.FINISHED_AT, DSL.field(DSL.name(from, "finished_at"), OffsetDateTime.class))
                .set(JOBS.LAST_FAILED_AT, DSL.field(DSL.name(from, "last_failed_at"), OffsetDateTime.class))
                .set(JOBS.SNOOZES, DSL.field(DSL.name(from, "snoozes"), Short.class))
                .set(JOBS.CANCEL_REQUESTED_AT, DSL.field(DSL.name(from, "cancel_requested_at"), OffsetDateTime.class))
                .set(JOBS.UNIQUE_KEY, DSL.field(DSL.name(from, "unique_key"), String.class))
                .set(JOBS.DEPENDENCY_UNMET, DSL.field(DSL.name(from, "dependency_unmet"), Short.class))
                .from(expectedTokens == null ? next : locked)
                .where(JOBS.ID.eq(DSL.field(DSL.name(from, "id"), UUID.class)))
                // The compare-and-set of docs/SPEC.md §5: still running under the token the change was decided against,
                // and not asked to stop since. A cancel request is the one change besides the holder's own that a
                // running row can take (docs/QUEUE_CONTROL.md); the snapshot does not know of it, so a row that has one
                // goes to the locking path, which decides against the stored request (and ends the job cancelled).
                .and(
                        expectedTokens == null
                                ? DSL.noCondition()
                                // The expected state comes with each row, not as a literal: a literal 'running' lets
                                // the planner read jobs_running (every running job, and behind a held snapshot every
                                // running version since) and join each to the batch, where the batch's ids should
                                // drive primary-key lookups. Measured: 4 690 against 1 198 buffers per completion of
                                // ~95 jobs (BENCHMARKS.md).
                                : JOBS.STATE
                                        .eq(DSL.field(DSL.name(from, "expected_state"), String.class))
                                        .and(JOBS.LEASE_TOKEN.eq(
                                                DSL.field(DSL.name(from, "expected_token"), String.class)))
                                        .and(JOBS.CANCEL_REQUESTED_AT.isNull())
                                        // A job others depend on ends through the locking path, whose transaction
                                        // also tells its children (docs/WORKFLOWS.md).
                                        // So does a job of a batch (it is stored with has_dependents: the
                                        // batch's callbacks depend on it), whose transaction moves the tally.
                                        .and(JOBS.HAS_DEPENDENTS.isFalse()))
                .returning(JOBS.ID);
    }
}
