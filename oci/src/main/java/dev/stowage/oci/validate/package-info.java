/** {@link dev.stowage.oci.validate.ImageValidator}: every invariant of an image and its blobs, all violations at once. */
package dev.stowage.oci.validate;
