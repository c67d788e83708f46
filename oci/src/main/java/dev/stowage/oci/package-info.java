/** The OCI and Docker image model, blob store, layer tars, OCI layout and docker-archive codecs. */
package dev.stowage.oci;
