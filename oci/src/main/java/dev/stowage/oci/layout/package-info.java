/** The OCI image layout, as a directory or a tar: written from a blob source, read with blobs on demand. */
package dev.stowage.oci.layout;
