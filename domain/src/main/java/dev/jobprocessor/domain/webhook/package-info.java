/**
 * Signed completion webhooks (docs/WEBHOOKS.md): the URL a job's end is told to
 * ({@link dev.jobprocessor.domain.CallbackUrl}), the event sent there
 * ({@link dev.jobprocessor.domain.webhook.WebhookEvent}), which destinations may receive it
 * ({@link dev.jobprocessor.domain.webhook.DestinationRule}), and a delivery's life: its attempts, their outcomes and
 * the schedule that decides between another attempt, delivered and dead
 * ({@link dev.jobprocessor.domain.webhook.RetrySchedule}). Signing and sending are an adapter's; every rule is here.
 */
package dev.jobprocessor.domain.webhook;
