/** A stand-in for generated code, for the cycle rule's bite test. */
package dev.jobprocessor.adapters.postgres.jooq.archfixture;
