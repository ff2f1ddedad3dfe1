/**
 * JUnit 5 tags, as meta-annotations, naming what a test needs beyond a JVM, a temporary directory and SQLite:
 * {@code redis}, {@code postgres}, {@code browser}, {@code node} and {@code processes}. {@code ./mvnw verify} runs
 * every test; {@code ./mvnw -Pquick verify} leaves out every test carrying one of these tags, so that a change can be
 * checked on a machine without those services. A test that starts a new kind of service gets a new tag here, and
 * the quick profile in the parent pom leaves it out.
 */
package io.switchboard.testtags;
