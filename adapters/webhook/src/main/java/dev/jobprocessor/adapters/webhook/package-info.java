/**
 * Sending completion webhooks (docs/WEBHOOKS.md): the event's JSON body ({@link
 * dev.jobprocessor.adapters.webhook.EventBody}), its Standard Webhooks signature ({@link
 * dev.jobprocessor.adapters.webhook.StandardWebhookSignature}, HMAC-SHA256 from the JDK), and the POST itself with
 * Jetty's client ({@link dev.jobprocessor.adapters.webhook.JettyWebhookTransport}), whose address resolver is where
 * the destination rule is applied to the addresses the connection will use. Also the submit-time resolver
 * ({@link dev.jobprocessor.adapters.webhook.SystemAddressResolver}).
 */
package dev.jobprocessor.adapters.webhook;
