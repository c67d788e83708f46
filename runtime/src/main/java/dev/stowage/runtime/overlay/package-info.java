/**
 * The overlayfs snapshotter: layers unpacked once with overlay whiteouts, writable snapshots mounted over them,
 * the upper directory written as a layer ({@link dev.stowage.runtime.overlay.UpperDiff}) and kept as the
 * layer's snapshot on commit, and the mount stubs a step creates
 * ({@link dev.stowage.runtime.overlay.MountStubs}).
 */
package dev.stowage.runtime.overlay;
