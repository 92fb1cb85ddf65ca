/** A deliberately bad in-memory adapter class (test sources only) for {@code RulesBiteTest}. */
package dev.jobprocessor.adapters.memory.archfixture;
