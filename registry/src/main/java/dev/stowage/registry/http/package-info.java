/**
 * The HTTP layer: an {@link dev.stowage.registry.http.Endpoint} per request and the {@link
 * dev.stowage.registry.http.EndpointCaller} that authenticates, follows redirects (dropping credentials on a
 * change of origin) and retries within bounds.
 */
package dev.stowage.registry.http;
