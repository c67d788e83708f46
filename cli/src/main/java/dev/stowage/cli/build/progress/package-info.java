/**
 * How {@code stowage build} reports progress ({@code --progress=auto|tty|plain|rawjson|quiet}): renderers of the
 * engine's build events on stderr. They print event text as it came (log lines are redacted before they become
 * events) and never anything else about the build.
 */
package dev.stowage.cli.build.progress;
