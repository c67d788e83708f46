/** Drives a scan: the config, then each layer in one streaming pass, and whether each finding survives. */
package dev.stowage.scan.walk;
