/** What every command shares: exit codes, the CLI exception, the state-directory options. */
package dev.stowage.cli.common;
