/** {@code stowage prune} and {@code stowage df}: what the state directory holds, and removing what no image needs. */
package dev.stowage.cli.cache;
