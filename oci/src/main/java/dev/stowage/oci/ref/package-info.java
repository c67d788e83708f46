/** Image references ({@code docker.io/library/busybox:latest}) with docker's parsing and normalisation. */
package dev.stowage.oci.ref;
