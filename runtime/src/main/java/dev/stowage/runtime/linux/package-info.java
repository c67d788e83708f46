/**
 * Host facts and host programs: what the machine offers ({@link dev.stowage.runtime.linux.HostCapabilities}),
 * mounting and unmounting ({@link dev.stowage.runtime.linux.Mounter}: the mount(2) and umount2(2) system calls on
 * Java 22 or later, mount(8) and umount(8) otherwise), running runc without secrets on any command line, the mount
 * table, and process identities that tell what a killed earlier process left behind.
 */
package dev.stowage.runtime.linux;
