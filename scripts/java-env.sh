# Sourced by ./stowage, ./test and the scripts: finds a JDK >= 21 and exports JAVA_HOME; STOWAGE_JAVA_MAJOR holds its
# feature version. Order: $JAVA_HOME if it is new enough, then the newest JDK in the machine's JVM folder.
# Plain bash without subshells: ./stowage runs this before every command, and each fork costs about a millisecond.

stowage_java_major() { # sets STOWAGE_JAVA_MAJOR to the feature version of the JDK at $1; fails when it cannot tell
  local release="$1/release" line
  STOWAGE_JAVA_MAJOR=
  [ -r "$release" ] || return 1
  while IFS= read -r line; do
    if [[ $line =~ ^JAVA_VERSION=\"([0-9]+) ]]; then
      STOWAGE_JAVA_MAJOR=${BASH_REMATCH[1]}
      return 0
    fi
  done < "$release"
  return 1
}

stowage_find_java() { # sets STOWAGE_JAVA_HOME and STOWAGE_JAVA_MAJOR; fails when no JDK is new enough
  local candidate best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && stowage_java_major "$JAVA_HOME" \
      && [ "$STOWAGE_JAVA_MAJOR" -ge 21 ]; then
    STOWAGE_JAVA_HOME=$JAVA_HOME
    return 0
  fi
  for candidate in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/*; do
    [ -x "$candidate/bin/javac" ] && stowage_java_major "$candidate" || continue
    if [ "$STOWAGE_JAVA_MAJOR" -ge 21 ] && [ "$STOWAGE_JAVA_MAJOR" -gt "$best_major" ]; then
      best=$candidate
      best_major=$STOWAGE_JAVA_MAJOR
    fi
  done
  [ -n "$best" ] || return 1
  STOWAGE_JAVA_HOME=$best
  STOWAGE_JAVA_MAJOR=$best_major
}

if ! stowage_find_java; then
  echo "stowage: no JDK 21 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm)." >&2
  echo "stowage: install one, e.g. 'apt-get install openjdk-21-jdk-headless' where Debian has it, or set JAVA_HOME." >&2
  exit 2
fi
export JAVA_HOME="$STOWAGE_JAVA_HOME"
export PATH="$JAVA_HOME/bin:$PATH"
