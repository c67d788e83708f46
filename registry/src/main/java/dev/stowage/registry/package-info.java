/**
 * The OCI distribution client: pull, push, auth and credential helpers, on java.net.http.
 *
 * <p>This package is the API: {@link dev.stowage.registry.RegistryClient}, its results and the sealed {@link
 * dev.stowage.registry.RegistryException} family. Below it, {@code auth} (challenges, tokens, docker
 * config.json and credential helpers), {@code http} (one endpoint object per request, and the caller that adds
 * authentication, redirects and retries) and {@code client} (the implementation). Dependencies point from
 * {@code client} to {@code http} to {@code auth} to this package, never back.
 */
package dev.stowage.registry;
