/**
 * The build cache: step keys (pure: SHA-256 of canonical JSON over a step's planned fields, never a secret value)
 * and the on-disk index from a key to the layer it produced.
 */
package dev.stowage.engine.cache;
