/**
 * The Linux runtime behind the engine's ports: {@link dev.stowage.runtime.LinuxRuntime} wires the overlayfs
 * snapshotter ({@code overlay}) and the runc executor ({@code runc}) after the host check ({@code linux}).
 */
package dev.stowage.runtime;
