/** An image (manifest and config with their bytes), its names, and an archive of images with their blobs. */
package dev.stowage.oci.image;
