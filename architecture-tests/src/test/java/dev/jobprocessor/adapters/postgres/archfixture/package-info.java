/** Deliberately bad classes that prove the cycle rule still bites across the generated jOOQ code. */
package dev.jobprocessor.adapters.postgres.archfixture;
