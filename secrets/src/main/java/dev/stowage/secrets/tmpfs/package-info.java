/**
 * Where secret bytes may touch a file system: only tmpfs or ramfs, checked through {@code FileStore.type()}.
 *
 * <p>A build finds one {@link dev.stowage.secrets.tmpfs.VolatileRoot} ({@code --volatile-root}, a tmpfs
 * candidate, or a private tmpfs it mounts as root), makes a {@link dev.stowage.secrets.tmpfs.VolatileDir} per
 * step (mode 0700, random name) and writes each mounted secret as a {@link
 * dev.stowage.secrets.tmpfs.MaterializedSecret}. Closing overwrites and deletes. {@link
 * dev.stowage.secrets.tmpfs.StaleVolatileCleaner} removes what a killed run left. tmpfs pages can still be
 * swapped out; hosts that care use encrypted or no swap.
 */
package dev.stowage.secrets.tmpfs;
