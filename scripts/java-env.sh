# Sourced by ./stowage, ./test and the scripts: finds a JDK >= 21 and exports JAVA_HOME.
# Order: $JAVA_HOME if it is new enough, then the newest JDK in the machine's JVM folder.

stowage_java_major() { # prints the feature version of the JDK at $1 (bash only: ./stowage runs this every time)
  local release="$1/release" line
  [ -r "$release" ] || return 1
  while IFS= read -r line; do
    if [[ $line =~ ^JAVA_VERSION=\"([0-9]+) ]]; then
      printf '%s\n' "${BASH_REMATCH[1]}"
      return 0
    fi
  done < "$release"
  return 1
}

stowage_find_java() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(stowage_java_major "$JAVA_HOME") || major=0
    if [ "${major:-0}" -ge 21 ]; then
      printf '%s\n' "$JAVA_HOME"; return 0
    fi
  fi
  for candidate in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(stowage_java_major "$candidate") || continue
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=$candidate; best_major=$major
    fi
  done
  [ -n "$best" ] || return 1
  printf '%s\n' "$best"
}

if ! STOWAGE_JAVA_HOME=$(stowage_find_java); then
  echo "stowage: no JDK 21 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm)." >&2
  echo "stowage: install one, e.g. 'apt-get install openjdk-21-jdk-headless' where Debian has it, or set JAVA_HOME." >&2
  exit 2
fi
export JAVA_HOME="$STOWAGE_JAVA_HOME"
export PATH="$JAVA_HOME/bin:$PATH"
