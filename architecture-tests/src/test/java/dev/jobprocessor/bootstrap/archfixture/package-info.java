/**
 * Bootstrap classes (test sources only) for {@code RulesBiteTest}: even the wiring may not read the wall clock, but
 * it may measure elapsed time.
 */
package dev.jobprocessor.bootstrap.archfixture;
