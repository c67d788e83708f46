/** Reading layers for a scan: verified, decompressed, bounded streams and in-image paths. */
package dev.stowage.scan.layer;
