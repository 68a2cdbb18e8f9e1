# Sourced by .ci/run and ./demo: selects a JDK 21+ (NiFi 2.x needs it) into JAVA_HOME and PATH.
pick_jdk() {
    local candidate
    if [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
        return 0
    fi
    for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
        if [ -x "$candidate/bin/java" ]; then
            export JAVA_HOME="$candidate"
            return 0
        fi
    done
    echo "No JDK 21+ found under /usr/lib/jvm; install one (e.g. temurin-25-jdk)" >&2
    exit 1
}

pick_jdk
export PATH="$JAVA_HOME/bin:$PATH"
