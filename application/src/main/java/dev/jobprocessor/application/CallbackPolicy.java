package dev.jobprocessor.application;

import dev.jobprocessor.application.port.AddressResolver;
import dev.jobprocessor.domain.CallbackUrl;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.NewJob;
import dev.jobprocessor.domain.webhook.DestinationRule;
import java.util.List;
import java.util.Objects;

/**
 * Which callback URL a job gets and whether it may have it (docs/WEBHOOKS.md): its own, or else its queue's default;
 * its own is checked at submit — a secret must sign it (JOBS_WEBHOOK_SECRET or the queue's), and its destination,
 * resolved now, must pass the {@link DestinationRule}. A host that does not resolve yet is taken: the rule is asked
 * again before every attempt, on the addresses used. A queue's default was checked when it was set.
 */
public final class CallbackPolicy {

    private static final CallbackPolicy OFF = new CallbackPolicy(null, host -> List.of(), false, null);

    private final DestinationRule rule;
    private final AddressResolver resolver;
    private final boolean serviceSecret;
    private final QueueWebhooks queues;

    private CallbackPolicy(
            DestinationRule rule, AddressResolver resolver, boolean serviceSecret, QueueWebhooks queues) {
        this.rule = rule;
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.serviceSecret = serviceSecret;
        this.queues = queues;
    }

    /** Webhooks are off: every callback URL is refused, saying how to turn them on. */
    public static CallbackPolicy off() {
        return OFF;
    }

    /**
     * The policy of a service whose secret is set or not ({@code serviceSecret}), and whose queues may carry a default
     * URL and a secret of their own ({@code queues}).
     */
    public static CallbackPolicy of(
            DestinationRule rule, AddressResolver resolver, boolean serviceSecret, QueueWebhooks queues) {
        return new CallbackPolicy(
                Objects.requireNonNull(rule, "rule"),
                resolver,
                serviceSecret,
                Objects.requireNonNull(queues, "queues"));
    }

    /** {@code spec}, given its queue's default callback URL when it names none. */
    NewJob withQueueDefault(NewJob spec) {
        if (spec.callbackUrl() != null || queues == null) {
            return spec;
        }
        CallbackUrl fallback = queues.of(spec.queue()).callbackUrl();
        return fallback == null ? spec : spec.withCallbackUrl(fallback);
    }

    /** Adds a problem to {@code problems}, as {@code prefix + "callback_url"}, when {@code spec}'s own URL is refused. */
    void check(NewJob spec, String prefix, List<FieldProblem> problems) {
        CallbackUrl url = spec.callbackUrl();
        if (url == null) {
            return;
        }
        if (rule == null) {
            problems.add(new FieldProblem(
                    prefix + "callback_url", "is not taken: webhooks are off until JOBS_WEBHOOK_SECRET is set"));
            return;
        }
        if (!signs(spec.queue())) {
            problems.add(new FieldProblem(
                    prefix + "callback_url",
                    "is not taken: no secret signs the webhooks of queue " + spec.queue()
                            + "; set JOBS_WEBHOOK_SECRET or the queue's webhook_secret"));
            return;
        }
        checkDestination(url, prefix + "callback_url", problems);
    }

    /** Whether a secret signs the webhooks of {@code queue}: the service's, or the queue's own. */
    boolean signs(String queue) {
        return serviceSecret || (queues != null && queues.of(queue).secret() != null);
    }

    /** Adds a problem named {@code field} when {@code url}'s destination is refused (a queue's default, at PATCH). */
    void checkDestination(CallbackUrl url, String field, List<FieldProblem> problems) {
        if (rule == null) {
            problems.add(new FieldProblem(field, "is not taken: webhooks are off until JOBS_WEBHOOK_SECRET is set"));
            return;
        }
        if (rule.check(url, resolver.resolve(url.host())) instanceof DestinationRule.Verdict.Refused(String reason)) {
            problems.add(new FieldProblem(field, reason));
        }
    }

    /** This process's copy of the queues' webhook settings, or {@code null} when queues have none. */
    QueueWebhooks queues() {
        return queues;
    }
}
