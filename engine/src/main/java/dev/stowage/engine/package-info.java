/** The build engine: plan (pure), solve, assemble and export; owns the runtime ports. */
package dev.stowage.engine;
