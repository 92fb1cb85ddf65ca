/**
 * Wiring and the entry point: builds adapters and use cases with plain constructors (no container, no reflection)
 * and runs them. The only module that knows every other module.
 */
package dev.jobprocessor.bootstrap;
