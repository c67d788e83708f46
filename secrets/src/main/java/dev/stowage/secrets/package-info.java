/** Secret ids and sources, the in-memory store, tmpfs materialisation and redaction. JDK only. */
package dev.stowage.secrets;
