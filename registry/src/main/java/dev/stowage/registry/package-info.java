/** The OCI distribution client: pull, push, auth and credential helpers, on java.net.http. */
package dev.stowage.registry;
