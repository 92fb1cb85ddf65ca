package dev.jobprocessor.domain;

/**
 * A queue's webhook settings (docs/WEBHOOKS.md, "Queue defaults"): the {@code callback_url} its jobs get when they
 * name none, and the secret that signs the deliveries of its jobs instead of {@code JOBS_WEBHOOK_SECRET}. Either may
 * be {@code null}.
 */
public record QueueWebhook(CallbackUrl callbackUrl, WebhookSecret secret) {

    public static final QueueWebhook NONE = new QueueWebhook(null, null);
}
