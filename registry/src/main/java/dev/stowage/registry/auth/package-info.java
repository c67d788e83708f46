/**
 * Registry authentication: {@code WWW-Authenticate} challenges, Bearer token exchange with a per-instance
 * cache, credentials from docker's config.json and {@code docker-credential-*} helpers, and login/logout.
 * Only this package reveals a {@link dev.stowage.secrets.SecretValue} password, to build an Authorization
 * header, a token request or a config.json entry.
 */
package dev.stowage.registry.auth;
