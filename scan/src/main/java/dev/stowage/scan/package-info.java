/**
 * Leak detection over images: every layer one at a time (so files deleted or overwritten later are still found),
 * the config's Env, Labels and history, with the detectors of {@code detect} and the known-value matcher of
 * {@code secrets}. This package holds the model a scan reports (findings, locations, redacted evidence); the
 * sub-packages read images ({@code input}, {@code layer}), detect ({@code detect}), drive a scan ({@code walk})
 * and render reports ({@code report}).
 */
package dev.stowage.scan;
