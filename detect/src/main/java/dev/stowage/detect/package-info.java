/** What a secret looks like: secret-like names, credential formats and credential files. JDK only. */
package dev.stowage.detect;
