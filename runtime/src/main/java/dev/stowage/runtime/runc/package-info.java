/**
 * The runc executor: an OCI runtime spec modelled as records, a bundle on tmpfs, {@code runc run} with streamed
 * output, kill on interrupt and a sweep of containers a killed process left behind.
 */
package dev.stowage.runtime.runc;
