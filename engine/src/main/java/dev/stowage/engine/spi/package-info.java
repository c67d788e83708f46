/**
 * The ports between Dockerfile semantics and side effects: a {@link dev.stowage.engine.spi.Snapshotter} that
 * stacks layers into writable filesystems and an {@link dev.stowage.engine.spi.Executor} that runs a process in
 * one. The {@code runtime} module implements them with overlayfs and runc; tests can use fakes.
 */
package dev.stowage.engine.spi;
