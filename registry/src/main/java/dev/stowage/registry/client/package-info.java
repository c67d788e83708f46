/** The {@link dev.stowage.registry.RegistryClient} implementation and its endpoint objects. */
package dev.stowage.registry.client;
