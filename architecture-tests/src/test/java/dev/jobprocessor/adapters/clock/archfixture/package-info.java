/** A clock adapter class (test sources only): the one place allowed to read the system clock. */
package dev.jobprocessor.adapters.clock.archfixture;
