/** The docker-archive format of {@code docker save} and {@code docker load}: legacy and docker 25+ layouts. */
package dev.stowage.oci.dockerarchive;
