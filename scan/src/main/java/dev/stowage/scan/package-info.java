/**
 * Leak detection over images: every layer one at a time (so files deleted or overwritten later are still found),
 * the config's Env, Labels and history, with the detectors of {@code detect} and the known-value matcher of
 * {@code secrets}.
 */
package dev.stowage.scan;
