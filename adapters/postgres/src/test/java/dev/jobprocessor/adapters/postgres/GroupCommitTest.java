package dev.jobprocessor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobprocessor.application.port.StoreUnavailableException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The combiner alone, over a transaction of the test's making: who commits with whom, and who hears what. */
class GroupCommitTest {

    private final ExecutorService callers = Executors.newCachedThreadPool();

    /** Every transaction the combiner ran, as the items it held. */
    private final List<List<String>> transactions = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    @Test
    void aCallThatFindsNoGroupCommittingCommitsAloneAtOnce() {
        GroupCommit<String, String> group = new GroupCommit<>(recorded(GroupCommitTest::upper), 1_000, 50, 1);

        assertThat(group.commit(List.of("a", "b"))).containsExactly("A", "B");
        assertThat(transactions).containsExactly(List.of("a", "b"));
    }

    @Test
    void callsArrivingWhileAGroupCommitsShareTheNextTransactionAndEachGetsItsOwnResults() throws Exception {
        Held held = new Held(GroupCommitTest::upper, 1_000, 50);
        List<Future<List<String>>> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiting.add(held.call("call" + i, "call" + i + "-bis"));
        }
        held.releaseOnce(5);

        for (int i = 0; i < 5; i++) {
            assertThat(waiting.get(i).get(10, TimeUnit.SECONDS)).containsExactly("CALL" + i, "CALL" + i + "-BIS");
        }
        assertThat(transactions).hasSize(2);
        assertThat(transactions.get(1)).hasSize(10);
    }

    @Test
    void aGroupTakesAtMostMaxItemsAndTheRestFollowInTheNextTransaction() throws Exception {
        Held held = new Held(GroupCommitTest::upper, 4, 50);
        List<Future<List<String>>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(held.call("call" + i, "call" + i));
        }
        held.releaseOnce(3);

        for (Future<List<String>> call : waiting) {
            assertThat(call.get(10, TimeUnit.SECONDS)).hasSize(2);
        }
        assertThat(transactions.subList(1, transactions.size()))
                .extracting(List::size)
                .containsExactly(4, 2);
    }

    @Test
    void aLargeCallCommitsByItselfEvenWhileAGroupCommits() throws Exception {
        Held held = new Held(GroupCommitTest::upper, 1_000, 3);

        assertThat(held.group.commit(List.of("x", "y", "z"))).containsExactly("X", "Y", "Z");
        held.releaseOnce(0);
    }

    @Test
    void whenASharedTransactionFailsEachCallRunsAloneAndOnlyTheCulpritFails() throws Exception {
        Held held = new Held(
                items -> {
                    if (items.contains("bad")) {
                        throw new IllegalArgumentException("bad item");
                    }
                    return upper(items);
                },
                1_000,
                50);
        Future<List<String>> good = held.call("good");
        Future<List<String>> bad = held.call("bad");
        Future<List<String>> alsoGood = held.call("also-good");
        held.releaseOnce(3);

        assertThat(good.get(10, TimeUnit.SECONDS)).containsExactly("GOOD");
        assertThat(alsoGood.get(10, TimeUnit.SECONDS)).containsExactly("ALSO-GOOD");
        assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("bad item");
        // first; the failed group of three; then each of the three alone
        assertThat(transactions).hasSize(5);
        assertThat(transactions.get(1)).containsExactlyInAnyOrder("good", "bad", "also-good");
    }

    @Test
    void anUnavailableStoreFailsEveryCallOfTheGroupWithoutRetrying() throws Exception {
        Held held = new Held(
                items -> {
                    throw new StoreUnavailableException("down", null);
                },
                1_000,
                50);
        Future<List<String>> one = held.call("one");
        Future<List<String>> two = held.call("two");
        held.releaseOnce(2);

        assertThatThrownBy(() -> one.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> two.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreUnavailableException.class);
        assertThat(transactions).hasSize(2);
    }

    @Test
    void anErrorInTheTransactionReachesEveryCallerInsteadOfLeavingThemWaiting() throws Exception {
        Held held = new Held(
                items -> {
                    throw new StackOverflowError("deep");
                },
                1_000,
                50);
        Future<List<String>> one = held.call("one");
        Future<List<String>> two = held.call("two");
        held.releaseOnce(2);

        assertThatThrownBy(() -> one.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("deep");
        assertThatThrownBy(() -> two.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("deep");
    }

    @Test
    void withTwoGroupsAtOnceManyCallersEachGetTheirOwnResultsAndNoTransactionIsEmpty() throws Exception {
        GroupCommit<String, String> group = new GroupCommit<>(
                recorded(items -> {
                    try {
                        Thread.sleep(1); // long enough for callers to pile up behind
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return upper(items);
                }),
                1_000,
                50,
                2);
        List<Future<Boolean>> callers20 = new ArrayList<>();
        for (int t = 0; t < 20; t++) {
            String caller = "c" + t;
            callers20.add(callers.submit(() -> {
                for (int i = 0; i < 20; i++) {
                    if (!group.commit(List.of(caller + "-" + i)).equals(List.of((caller + "-" + i).toUpperCase()))) {
                        return false;
                    }
                }
                return true;
            }));
        }
        for (Future<Boolean> caller : callers20) {
            assertThat(caller.get(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(transactions).allSatisfy(items -> assertThat(items).isNotEmpty());
        assertThat(transactions.stream().mapToInt(List::size).sum()).isEqualTo(400);
    }

    /**
     * A combiner whose first transaction (the call "first", made at once) waits inside until released, so that the
     * calls the test makes meanwhile line up behind it; every later transaction runs {@code others}.
     */
    private final class Held {
        final GroupCommit<String, String> group;
        private final CountDownLatch inside = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final Future<List<String>> first;

        Held(Function<List<String>, List<String>> others, int maxItems, int alone) throws InterruptedException {
            group = new GroupCommit<>(
                    recorded(items -> {
                        if (!items.contains("first")) {
                            return others.apply(items);
                        }
                        inside.countDown();
                        await(release);
                        return upper(items);
                    }),
                    maxItems,
                    alone,
                    1);
            first = callers.submit(() -> group.commit(List.of("first")));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        }

        Future<List<String>> call(String... items) {
            return callers.submit(() -> group.commit(List.of(items)));
        }

        /** Once {@code calls} calls wait for a group, lets the first transaction end; it must have committed. */
        void releaseOnce(int calls) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (group.waiting() < calls) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + group.waiting() + " calls queued, expected " + calls);
                }
                Thread.sleep(1);
            }
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly("FIRST");
        }
    }

    private Function<List<String>, List<String>> recorded(Function<List<String>, List<String>> transaction) {
        return items -> {
            transactions.add(List.copyOf(items));
            return transaction.apply(items);
        };
    }

    private static List<String> upper(List<String> items) {
        return items.stream().map(String::toUpperCase).toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the transaction");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
