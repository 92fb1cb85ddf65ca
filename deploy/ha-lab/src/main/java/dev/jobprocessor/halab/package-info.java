/**
 * The failover proof's client side (docs/HIGH_AVAILABILITY.md, "The failover proof"): {@link
 * dev.jobprocessor.halab.Producer} submits jobs at a fixed rate and records each acknowledged one, and {@link
 * dev.jobprocessor.halab.Verdict} waits for the queue to drain and counts lost and duplicated jobs against the ledger
 * the workers' {@code ledger} handler kept outside the database. Plain JDK: the lab runs it with {@code java -cp}.
 */
package dev.jobprocessor.halab;
