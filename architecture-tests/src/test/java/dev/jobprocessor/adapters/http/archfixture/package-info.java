/** A well-behaved HTTP adapter class (test sources only) for {@code RulesBiteTest}'s diagram rule. */
package dev.jobprocessor.adapters.http.archfixture;
