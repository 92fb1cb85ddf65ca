/**
 * The README's library example, as code the build compiles and a test runs. It uses only what a Java application
 * embedding the queue would: the application module and the PostgreSQL and clock adapters.
 */
package dev.jobprocessor.example;
