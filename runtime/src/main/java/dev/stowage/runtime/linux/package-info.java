/**
 * Host facts and host programs: what the machine offers ({@link dev.stowage.runtime.linux.HostCapabilities}),
 * running mount(8), umount(8) and runc without secrets on any command line, the mount table, and process
 * identities that tell what a killed earlier process left behind.
 */
package dev.stowage.runtime.linux;
