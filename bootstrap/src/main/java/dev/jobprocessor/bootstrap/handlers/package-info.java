/**
 * The built-in job handlers of docs/SPEC.md §9 ({@code noop}, {@code echo}, {@code sleep}, {@code fail}): enough to
 * demonstrate, verify and benchmark every path of the state model without writing code.
 */
package dev.jobprocessor.bootstrap.handlers;
