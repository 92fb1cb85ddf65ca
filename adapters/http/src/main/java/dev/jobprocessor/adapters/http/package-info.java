/**
 * The HTTP API of docs/SPEC.md §6 and §7 on Javalin: job submission and reads, operator actions, the remote worker
 * protocol, health and readiness, and the OpenAPI document. Request bodies are parsed strictly (unknown fields, wrong
 * types, explicit nulls and out-of-range values are named one by one), and every error leaves in the one envelope of
 * §6.
 */
package dev.jobprocessor.adapters.http;
