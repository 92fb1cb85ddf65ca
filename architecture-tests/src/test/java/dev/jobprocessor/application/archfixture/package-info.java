/**
 * Deliberately bad application classes (test sources only): each one crosses one docs/SPEC.md §2 boundary so
 * {@code RulesBiteTest} can prove the rule against it bites. {@code cycle} and {@code cycle.port} reference each
 * other on purpose.
 */
package dev.jobprocessor.application.archfixture;
