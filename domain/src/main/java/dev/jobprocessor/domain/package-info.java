/**
 * The job model: {@link dev.jobprocessor.domain.Job}, its states and the transitions between them, the retry
 * policy and the validation of new jobs. Everything here is a pure function over immutable records and uses the JDK
 * only; time and randomness come in as arguments so every rule can be tested without waiting.
 */
package dev.jobprocessor.domain;
