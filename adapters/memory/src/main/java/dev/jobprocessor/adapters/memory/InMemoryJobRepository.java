package dev.jobprocessor.adapters.memory;

import dev.jobprocessor.application.port.BatchRepository;
import dev.jobprocessor.application.port.BatchStatus;
import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.application.port.Dependency;
import dev.jobprocessor.application.port.DueDelivery;
import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.port.JobCount;
import dev.jobprocessor.application.port.JobPage;
import dev.jobprocessor.application.port.JobPurger;
import dev.jobprocessor.application.port.JobQuery;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.application.port.PendingBacklog;
import dev.jobprocessor.application.port.PurgeOutcome;
import dev.jobprocessor.application.port.QueueRepository;
import dev.jobprocessor.application.port.QueueScope;
import dev.jobprocessor.application.port.RecentFailure;
import dev.jobprocessor.application.port.StatisticsReader;
import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.application.port.TableHealth;
import dev.jobprocessor.application.port.WebhookOutbox;
import dev.jobprocessor.application.port.WorkflowGraph;
import dev.jobprocessor.application.port.WorkflowRepository;
import dev.jobprocessor.domain.AttemptError;
import dev.jobprocessor.domain.DomainException;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.IdempotencyConflictException;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.LeaseToken;
import dev.jobprocessor.domain.Queue;
import dev.jobprocessor.domain.QueueChange;
import dev.jobprocessor.domain.QueueLimits;
import dev.jobprocessor.domain.RateWindow;
import dev.jobprocessor.domain.Step;
import dev.jobprocessor.domain.batch.Batch;
import dev.jobprocessor.domain.batch.BatchId;
import dev.jobprocessor.domain.webhook.DeliveryAttempt;
import dev.jobprocessor.domain.webhook.DeliveryStep;
import dev.jobprocessor.domain.webhook.WebhookDelivery;
import dev.jobprocessor.domain.workflow.Workflow;
import dev.jobprocessor.domain.workflow.WorkflowId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * Jobs in a sorted map behind one lock. One lock makes every method atomic and every claim exclusive, which is all
 * the semantics of the PostgreSQL adapter require; throughput is not this adapter's purpose. It answers the
 * operator's reads too ({@link StatisticsReader}) and deletes finished jobs ({@link JobPurger}): in memory, the write
 * model, the read model and the purges share one map.
 */
public final class InMemoryJobRepository
        implements JobRepository,
                StatisticsReader,
                JobPurger,
                QueueRepository,
                WorkflowRepository,
                BatchRepository,
                WebhookOutbox {

    /** The claim order of docs/SPEC.md §5: priority first (1 runs first), then run_at, then id. */
    static final Comparator<Job> CLAIM_ORDER =
            Comparator.comparingInt(Job::priority).thenComparing(Job::runAt).thenComparing(Job::id);

    private final RandomGenerator tokenRandom;
    private final NavigableMap<JobId, Job> jobs = new TreeMap<>();
    private final Map<String, JobId> idsByIdempotencyKey = new HashMap<>();
    private final Map<JobId, String> fingerprints = new HashMap<>();
    private final NavigableMap<String, Queue> queues = new TreeMap<>();
    private final Map<String, RateWindow> rateWindows = new HashMap<>();
    private final Map<String, String> keyCursors = new HashMap<>();
    private final InMemoryDependencies dependencies = new InMemoryDependencies();
    private final Map<WorkflowId, Workflow> workflows = new HashMap<>();
    private final Map<WorkflowId, List<JobId>> workflowJobs = new HashMap<>();
    private final InMemoryBatches batches = new InMemoryBatches();
    private final InMemoryWebhooks webhooks = new InMemoryWebhooks();

    /** {@code tokenRandom} draws lease tokens; use a {@link java.security.SecureRandom} outside tests. */
    public InMemoryJobRepository(RandomGenerator tokenRandom) {
        this.tokenRandom = tokenRandom;
    }

    @Override
    public synchronized List<Enqueued> enqueue(List<Submission> submissions) {
        List<Enqueued> results = new ArrayList<>(submissions.size());
        // Check every key before storing anything, so that a conflict leaves the store untouched.
        for (Submission submission : submissions) {
            Job existing = existingWithKey(submission.job());
            if (existing != null && !fingerprints.get(existing.id()).equals(submission.fingerprint())) {
                throw new IdempotencyConflictException(submission.job().idempotencyKey(), existing.id());
            }
            if (existing == null && jobs.containsKey(submission.job().id())) {
                throw new IllegalStateException("job id " + submission.job().id() + " is already taken");
            }
        }
        requireParentsExist(submissions);
        // A submission that resolves to a stored job (its key) stands for that job as a parent of later ones.
        Map<JobId, JobId> storedAs = new HashMap<>();
        for (Submission submission : submissions) {
            Job job = submission.job();
            Job existing = existingWithKey(job);
            if (existing != null) {
                storedAs.put(job.id(), existing.id());
                results.add(new Enqueued(existing, false));
                continue;
            }
            Optional<Job> holder = holderOfUniqueKey(job);
            if (holder.isPresent()) {
                storedAs.put(job.id(), holder.get().id());
                results.add(Enqueued.duplicateOf(holder.get()));
                continue;
            }
            for (JobId named : submission.dependsOn()) {
                JobId parentId = storedAs.getOrDefault(named, named);
                Job parent = jobs.get(parentId);
                boolean met = false;
                if (parent.state().isTerminal()) {
                    Step step = job.parentEnded(parent.state(), job.createdAt());
                    job = step.job();
                    met = step.transition().meetsParent();
                }
                dependencies.add(job.id(), parentId, met);
            }
            jobs.put(job.id(), job);
            webhooks.moved(null, job, tokenRandom);
            queues.putIfAbsent(job.queue(), Queue.unconfigured(job.queue(), job.createdAt()));
            fingerprints.put(job.id(), submission.fingerprint());
            if (job.idempotencyKey() != null) {
                idsByIdempotencyKey.put(job.idempotencyKey(), job.id());
            }
            results.add(new Enqueued(job, true));
        }
        return results;
    }

    @Override
    public synchronized List<Enqueued> create(Workflow workflow, List<Submission> submissions) {
        if (workflows.containsKey(workflow.id())) {
            throw new IllegalStateException("workflow id " + workflow.id() + " is already taken");
        }
        List<Enqueued> enqueued = enqueue(submissions);
        workflows.put(workflow.id(), workflow);
        workflowJobs.put(workflow.id(), enqueued.stream().map(e -> e.job().id()).toList());
        return enqueued;
    }

    @Override
    public synchronized Optional<WorkflowGraph> findWorkflow(WorkflowId id) {
        Workflow workflow = workflows.get(id);
        if (workflow == null) {
            return Optional.empty();
        }
        List<Job> members = workflowJobs.get(id).stream()
                .map(jobs::get)
                .filter(Objects::nonNull)
                .sorted(Comparator.comparing(Job::id))
                .toList();
        if (members.isEmpty()) {
            return Optional.empty();
        }
        Set<JobId> memberIds = new HashSet<>();
        members.forEach(job -> memberIds.add(job.id()));
        List<WorkflowGraph.Edge> edges = new ArrayList<>();
        for (Job child : members) {
            for (JobId parent : dependencies.parentsOf(child.id())) {
                if (memberIds.contains(parent)) {
                    edges.add(new WorkflowGraph.Edge(parent, child.id()));
                }
            }
        }
        return Optional.of(new WorkflowGraph(workflow, members, edges));
    }

    @Override
    public synchronized List<Enqueued> create(Batch batch, List<Submission> submissions) {
        if (batches.contains(batch.id())) {
            throw new IllegalStateException("batch id " + batch.id() + " is already taken");
        }
        List<Enqueued> enqueued = enqueue(submissions);
        batches.add(batch, enqueued.stream().map(e -> e.job().id()).toList());
        return enqueued;
    }

    @Override
    public synchronized Optional<BatchStatus> findBatch(BatchId id) {
        return batches.status(id, jobs::get);
    }

    /**
     * Stores {@code after} in place of {@code before}; when that ends or reopens a job of a batch, moves its tally and
     * stores the callbacks it enqueues, in the same step (docs/WORKFLOWS.md, "Batches with callbacks").
     */
    private void store(Job before, Job after) {
        jobs.put(after.id(), after);
        webhooks.moved(before, after, tokenRandom);
        for (Job callback : batches.moved(before, after, tokenRandom)) {
            jobs.put(callback.id(), callback);
            queues.putIfAbsent(callback.queue(), Queue.unconfigured(callback.queue(), callback.createdAt()));
        }
    }

    @Override
    public synchronized List<DueDelivery> claimDue(Instant now, Instant claimedUntil, int limit) {
        return webhooks.claimDue(now, claimedUntil, limit);
    }

    @Override
    public synchronized boolean record(String deliveryId, DeliveryAttempt attempt, DeliveryStep next, Instant now) {
        return webhooks.record(deliveryId, attempt, next, now);
    }

    @Override
    public synchronized List<WebhookDelivery> deliveriesOf(JobId job) {
        return webhooks.of(job);
    }

    @Override
    public synchronized int purgeEnded(Instant endedBefore, int limit) {
        return webhooks.purgeEnded(endedBefore, limit);
    }

    /** Every parent named is stored, or comes earlier in this call (a key's holder counts as stored). */
    private void requireParentsExist(List<Submission> submissions) {
        Set<JobId> earlier = new HashSet<>();
        Set<JobId> unknown = new TreeSet<>();
        for (Submission submission : submissions) {
            for (JobId parent : submission.dependsOn()) {
                if (!earlier.contains(parent) && !jobs.containsKey(parent)) {
                    unknown.add(parent);
                }
            }
            earlier.add(submission.job().id());
        }
        if (!unknown.isEmpty()) {
            throw new JobValidationException(
                    List.of(new FieldProblem("depends_on", "names jobs that do not exist: " + unknown)));
        }
    }

    @Override
    public synchronized List<Dependency> dependenciesOf(JobId id) {
        return dependencies.of(id, jobs::get);
    }

    /**
     * Tells the jobs waiting on {@code parent}, which has just ended, and so on down the graph for each of them that
     * this ends in turn (docs/WORKFLOWS.md).
     */
    private void parentEnded(Job parent) {
        for (JobId childId : dependencies.unmetChildren(parent.id())) {
            Job child = jobs.get(childId);
            if (child == null) {
                continue;
            }
            Step step = child.parentEnded(parent.state(), parent.updatedAt());
            store(child, step.job());
            if (step.transition().meetsParent()) {
                dependencies.markMet(childId, parent.id());
            }
            if (step.transition().endsJob()) {
                parentEnded(step.job());
            }
        }
    }

    /**
     * The job that holds {@code job}'s unique key now, if any: a scan, as the one lock makes it exact and throughput
     * is not this adapter's purpose.
     */
    private Optional<Job> holderOfUniqueKey(Job job) {
        if (job.unique() == null || !job.unique().held()) {
            return Optional.empty();
        }
        String key = job.unique().key();
        return jobs.values().stream()
                .filter(other ->
                        other.unique() != null && key.equals(other.unique().key()))
                .findFirst();
    }

    /** The job holding {@code idempotencyKey}, if any (the schedules' store asks before it fires a tick). */
    synchronized Optional<Job> withKey(String idempotencyKey) {
        return Optional.ofNullable(idsByIdempotencyKey.get(idempotencyKey)).map(jobs::get);
    }

    @Override
    public synchronized Optional<Job> find(JobId id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public synchronized JobPage list(JobQuery query) {
        NavigableMap<JobId, Job> candidates = query.before() == null
                ? jobs.descendingMap()
                : jobs.headMap(query.before(), false).descendingMap();
        List<Job> page = new ArrayList<>(query.limit());
        for (Job job : candidates.values()) {
            if (!matches(query, job)) {
                continue;
            }
            if (page.size() == query.limit()) {
                return new JobPage(page, page.getLast().id());
            }
            page.add(job);
        }
        return new JobPage(page, null);
    }

    /**
     * As the PostgreSQL adapter claims: restricted queues first, in name order, each within the least of the claim's
     * room, its concurrency limit's free slots and its rate window's free starts, key by key where it has a key limit;
     * then the open queues' due jobs in claim order.
     */
    @Override
    public synchronized List<Job> claim(ClaimRequest request) {
        List<Job> due = jobs.values().stream()
                .filter(job -> job.isDue(request.now()))
                .filter(job -> request.queues().contains(job.queue()))
                .filter(job -> request.types().isEmpty() || request.types().contains(job.type()))
                .sorted(CLAIM_ORDER)
                .toList();
        List<String> restricted = request.queues().stream()
                .filter(name -> queues.containsKey(name) && queues.get(name).restricted())
                .distinct()
                .sorted()
                .toList();
        List<Job> claimed = new ArrayList<>(request.limit());
        for (String name : restricted) {
            int wanted = request.limit() - claimed.size();
            if (wanted == 0) {
                break;
            }
            List<Job> ofQueue =
                    due.stream().filter(job -> job.queue().equals(name)).toList();
            claimed.addAll(claimRestricted(queues.get(name), wanted, ofQueue, request));
        }
        for (Job job : due) {
            if (claimed.size() == request.limit()) {
                break;
            }
            if (!restricted.contains(job.queue())) {
                claimed.add(start(job, request));
            }
        }
        return claimed.stream().sorted(CLAIM_ORDER).toList();
    }

    private List<Job> claimRestricted(Queue queue, int wanted, List<Job> due, ClaimRequest request) {
        if (queue.paused()) {
            return List.of();
        }
        int slots = wanted;
        if (queue.concurrencyLimit() != null) {
            slots = Math.min(slots, queue.concurrencyLimit() - running(queue.name()));
        }
        RateWindow window = rateWindows.getOrDefault(queue.name(), RateWindow.EMPTY);
        if (queue.rateLimit() != null) {
            slots = Math.min(slots, window.available(queue.rateLimit(), request.now()));
        }
        if (slots <= 0) {
            return List.of();
        }
        List<Job> started = new ArrayList<>();
        if (queue.keyLimit() == null) {
            for (Job job : due.subList(0, Math.min(slots, due.size()))) {
                started.add(start(job, request));
            }
        } else {
            claimByKey(queue, slots, due, request, started);
        }
        if (queue.rateLimit() != null && !started.isEmpty()) {
            rateWindows.put(queue.name(), window.started(started.size(), queue.rateLimit(), request.now()));
        }
        return started;
    }

    /**
     * The rotation of {@code RestrictedClaim} in the PostgreSQL adapter: the keys after the cursor, the jobs without a
     * key, the keys up to the cursor; at most {@link QueueLimits#KEY_LANES_PER_CLAIM} lanes looked at, each giving no
     * more than its free slots under the key limit.
     */
    private void claimByKey(Queue queue, int slots, List<Job> due, ClaimRequest request, List<Job> started) {
        Map<String, Integer> running = new HashMap<>();
        for (Job job : jobs.values()) {
            if (job.state() == JobState.RUNNING && job.queue().equals(queue.name())) {
                running.merge(job.concurrencyKey(), 1, Integer::sum);
            }
        }
        NavigableMap<String, List<Job>> byKey = new TreeMap<>();
        List<Job> keyless = new ArrayList<>();
        for (Job job : due) {
            if (job.concurrencyKey() == null) {
                keyless.add(job);
            } else {
                byKey.computeIfAbsent(job.concurrencyKey(), key -> new ArrayList<>())
                        .add(job);
            }
        }
        String cursor = keyCursors.get(queue.name());
        List<String> lanes = new ArrayList<>(
                cursor == null ? byKey.keySet() : byKey.tailMap(cursor, false).keySet());
        lanes.add(null);
        if (cursor != null) {
            lanes.addAll(byKey.headMap(cursor, true).keySet());
        }
        String served = cursor;
        boolean servedAny = false;
        for (String key : lanes.subList(0, Math.min(lanes.size(), QueueLimits.KEY_LANES_PER_CLAIM))) {
            if (started.size() == slots) {
                break;
            }
            int free = queue.keyLimit() - running.getOrDefault(key, 0);
            List<Job> lane = key == null ? keyless : byKey.get(key);
            int take = Math.min(Math.max(free, 0), Math.min(slots - started.size(), lane.size()));
            for (Job job : lane.subList(0, take)) {
                started.add(start(job, request));
            }
            if (take > 0) {
                served = key;
                servedAny = true;
            }
        }
        if (servedAny) {
            if (served == null) {
                keyCursors.remove(queue.name());
            } else {
                keyCursors.put(queue.name(), served);
            }
        }
    }

    private Job start(Job job, ClaimRequest request) {
        Job running = job.claim(request.owner(), LeaseToken.random(tokenRandom), request.lease(), request.now());
        jobs.put(running.id(), running);
        return running;
    }

    private int running(String queue) {
        return (int) jobs.values().stream()
                .filter(job -> job.state() == JobState.RUNNING && job.queue().equals(queue))
                .count();
    }

    @Override
    public synchronized List<Queue> queues() {
        return List.copyOf(queues.values());
    }

    @Override
    public synchronized Optional<Queue> queue(String name) {
        return Optional.ofNullable(queues.get(name));
    }

    @Override
    public synchronized Queue change(String name, QueueChange change, Instant now, String actor) {
        Queue changed = queues.getOrDefault(name, Queue.unconfigured(name, now)).apply(change, now, actor);
        queues.put(name, changed);
        return changed;
    }

    @Override
    public synchronized Map<String, Long> dueCounts(Instant now, long cap) {
        Map<String, Long> due = new TreeMap<>();
        for (Job job : jobs.values()) {
            if (job.isDue(now)) {
                due.merge(job.queue(), 1L, (a, b) -> Math.min(cap, a + b));
            }
        }
        return due;
    }

    @Override
    public synchronized List<ChangeOutcome> apply(List<JobChange> changes) {
        List<ChangeOutcome> outcomes = new ArrayList<>(changes.size());
        for (JobChange change : changes) {
            Job current = jobs.get(change.id());
            if (current == null) {
                outcomes.add(new ChangeOutcome.Missing(change.id()));
                continue;
            }
            try {
                Step step = change.transition().apply(current);
                store(current, step.job());
                outcomes.add(ChangeOutcome.Applied.of(current, step));
                if (step.transition().endsJob()) {
                    parentEnded(step.job());
                }
            } catch (DomainException rejected) {
                outcomes.add(new ChangeOutcome.Rejected(change.id(), rejected));
            }
        }
        return outcomes;
    }

    @Override
    public synchronized List<JobId> findExpiredLeases(Instant now, int limit) {
        return jobs.values().stream()
                .filter(job ->
                        job.state() == JobState.RUNNING && !job.leaseExpiresAt().isAfter(now))
                .sorted(Comparator.comparing(Job::leaseExpiresAt).thenComparing(Job::id))
                .limit(limit)
                .map(Job::id)
                .toList();
    }

    @Override
    public synchronized List<JobId> findCancelRequested(List<JobId> ids) {
        return ids.stream()
                .distinct()
                .map(jobs::get)
                .filter(job -> job != null && job.state() == JobState.RUNNING && job.cancelRequestedAt() != null)
                .map(Job::id)
                .toList();
    }

    @Override
    public synchronized List<JobCount> counts() {
        record Group(String queue, String type, JobState state) {}
        Map<Group, long[]> groups = new TreeMap<>(
                Comparator.comparing(Group::queue).thenComparing(Group::type).thenComparing(Group::state));
        for (Job job : jobs.values()) {
            long[] sums = groups.computeIfAbsent(new Group(job.queue(), job.type(), job.state()), g -> new long[2]);
            sums[0]++;
            sums[1] += job.attempts();
        }
        List<JobCount> counts = new ArrayList<>(groups.size());
        groups.forEach((g, sums) -> counts.add(new JobCount(g.queue(), g.type(), g.state(), sums[0], sums[1])));
        return counts;
    }

    @Override
    public synchronized List<PendingBacklog> oldestEligiblePending(Instant now) {
        Map<String, Instant> oldest = new TreeMap<>();
        for (Job job : jobs.values()) {
            if (job.isDue(now)) {
                oldest.merge(job.queue(), job.runAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        return oldest.entrySet().stream()
                .map(e -> new PendingBacklog(e.getKey(), e.getValue()))
                .toList();
    }

    @Override
    public synchronized List<RecentFailure> recentFailures(int limit) {
        return jobs.values().stream()
                .filter(job -> !job.errors().isEmpty())
                .sorted(Comparator.comparing((Job job) -> job.errors().getLast().at())
                        .thenComparing(Job::id)
                        .reversed())
                .limit(limit)
                .map(job -> {
                    AttemptError last = job.errors().getLast();
                    return new RecentFailure(
                            job.id(), job.type(), job.queue(), job.state(), last.attempt(), last.message(), last.at());
                })
                .toList();
    }

    @Override
    public synchronized int purgeFinished(JobState state, Instant finishedBefore, int limit, QueueScope scope) {
        requireFinal(state);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        List<Job> expired = finished(state, finishedBefore)
                .filter(job -> scope.includes(job.queue()))
                .sorted(Comparator.comparing(Job::finishedAt).thenComparing(Job::id))
                .limit(limit)
                .toList();
        expired.forEach(this::delete);
        return expired.size();
    }

    @Override
    public synchronized long countFinished(JobState state, Instant finishedBefore) {
        requireFinal(state);
        return finished(state, finishedBefore).count();
    }

    @Override
    public synchronized PurgeOutcome purge(JobId id) {
        Job job = jobs.get(id);
        if (job == null) {
            return new PurgeOutcome.Missing(id);
        }
        if (!job.state().isTerminal()) {
            return new PurgeOutcome.NotFinished(id, job.state());
        }
        delete(job);
        return new PurgeOutcome.Purged(id, job.state());
    }

    private Stream<Job> finished(JobState state, Instant finishedBefore) {
        return jobs.values().stream()
                .filter(job -> job.state() == state && job.finishedAt().isBefore(finishedBefore));
    }

    /** Removes the job and frees its idempotency key, as deleting its row does in PostgreSQL. */
    private void delete(Job job) {
        jobs.remove(job.id());
        dependencies.forget(job.id());
        fingerprints.remove(job.id());
        if (job.idempotencyKey() != null) {
            idsByIdempotencyKey.remove(job.idempotencyKey(), job.id());
        }
    }

    private static void requireFinal(JobState state) {
        if (!state.isTerminal()) {
            throw new IllegalArgumentException("only finished jobs can be purged, not " + state.wireName() + " ones");
        }
    }

    /**
     * Always empty: a map has no table, no dead row versions and no transactions to watch, so {@code /admin/stats}
     * shows {@code "table_health": null} rather than figures that would mean nothing.
     */
    @Override
    public Optional<TableHealth> tableHealth() {
        return Optional.empty();
    }

    private Job existingWithKey(Job job) {
        if (job.idempotencyKey() == null) {
            return null;
        }
        JobId id = idsByIdempotencyKey.get(job.idempotencyKey());
        return id == null ? null : jobs.get(id);
    }

    private static boolean matches(JobQuery query, Job job) {
        return (query.state() == null || query.state() == job.state())
                && (query.type() == null || query.type().equals(job.type()))
                && (query.queue() == null || query.queue().equals(job.queue()));
    }
}
