package dev.stowage.dockerfile.parse;

import java.util.Optional;

/**
 * A {@code --flag[=value]} word split off the front of an instruction, quotes already removed as BuildKit does.
 * Offsets are into the logical line: [start, end) of the whole word, and where the value starts.
 */
record RawFlag(String name, Optional<String> value, int start, int end, int valueStart) {}
