/**
 * Where images to scan come from (archives, layouts, the local store, registries, the Docker daemon) and how they
 * are opened: manifests and configs read up front, layer blobs streamed one at a time.
 */
package dev.stowage.scan.input;
