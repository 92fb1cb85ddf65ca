/**
 * A package the architecture diagram does not draw (test sources only), so {@code RulesBiteTest} can prove the
 * diagram rule refuses classes outside every component.
 */
package dev.jobprocessor.adapters.archfixture;
