/**
 * Deliberately bad domain classes (test sources only): each one crosses one docs/SPEC.md §2 boundary so
 * {@code RulesBiteTest} can prove the rule against it bites. {@code DomainUsingOnlyTheJdk} is the well-behaved
 * counterpart.
 */
package dev.jobprocessor.domain.archfixture;
