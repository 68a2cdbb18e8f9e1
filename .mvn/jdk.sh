# Sourced by ./mvnw (one line near its top) and by ./demo: makes Maven run on a JDK of at least the version below.
#
# NiFi 2.x's nifi-nar-maven-plugin and nifi-api are Java 21 class files, and the NAR plugin loads our classes inside
# Maven's own JVM, so a toolchain cannot help: Maven itself must run on Java 21+. The forked JVMs of surefire and
# failsafe and the NiFi of the system tests then run on that same JDK (java.home). When the java that Maven would use
# (JAVA_HOME, else java on PATH) is older, this exports the newest JDK found in the usual places as JAVA_HOME and says
# so in one line on standard error; when there is none, it stops with what to install.
#
# Kept out of ./mvnw so that updating the Maven Wrapper stays easy: regenerate mvnw, then add the line back:
#     . "$(dirname "$0")/.mvn/jdk.sh"
# POSIX sh (./mvnw runs under /bin/sh, with globbing off); every name starts with nificrm_ so nothing of mvnw's is touched.

# .mvn/jdk.ps1 (mvnw.cmd's counterpart of this file) reads the minimum from the next line: keep its form.
nificrm_minimum_java=21

# Prints the feature version (8, 17, 21, 25...) of the JDK whose home is $1, or nothing when $1 holds no JDK.
nificrm_java_version() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -r "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\(1\.\)\{0,1\}\([0-9][0-9]*\).*/\2/p' "$1/release"
  else
    "$1/bin/java" -version 2>&1 | sed -n 's/.* version "\(1\.\)\{0,1\}\([0-9][0-9]*\).*/\2/p' | head -n 1
  fi
}

nificrm_select_jdk() {
  if [ -n "${JAVA_HOME-}" ]; then
    nificrm_current="JAVA_HOME ($JAVA_HOME)"
    nificrm_current_version=$(nificrm_java_version "$JAVA_HOME")
  else
    nificrm_java=$(command -v java 2>/dev/null || :)
    nificrm_current="java on PATH (${nificrm_java:-none})"
    nificrm_current_version=
    if [ -n "$nificrm_java" ]; then
      # /usr/bin/java is usually a chain of links into the JDK's home
      nificrm_java=$(readlink -f "$nificrm_java" 2>/dev/null || printf %s "$nificrm_java")
      nificrm_current_version=$(nificrm_java_version "${nificrm_java%/bin/java}")
    fi
  fi
  case "$nificrm_current_version" in
  '' | *[!0-9]*)
    nificrm_current_version=0
    nificrm_current="$nificrm_current is no JDK"
    ;;
  *) nificrm_current="$nificrm_current is Java $nificrm_current_version" ;;
  esac
  if [ "$nificrm_current_version" -ge "$nificrm_minimum_java" ]; then
    return 0
  fi

  nificrm_best=
  nificrm_best_version=0
  case "$-" in
  *f*) nificrm_glob_was_off=true ;;
  *) nificrm_glob_was_off=false ;;
  esac
  set +f
  for nificrm_home in /usr/lib/jvm/* /usr/lib64/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
    "${SDKMAN_CANDIDATES_DIR:-${SDKMAN_DIR:-${HOME-}/.sdkman}/candidates}"/java/* \
    "${ASDF_DATA_DIR:-${HOME-}/.asdf}"/installs/java/* "${HOME-}"/.jdks/* \
    /Library/Java/JavaVirtualMachines/*/Contents/Home "${HOME-}"/Library/Java/JavaVirtualMachines/*/Contents/Home; do
    nificrm_version=$(nificrm_java_version "$nificrm_home")
    case "$nificrm_version" in
    '' | *[!0-9]*) continue ;;
    esac
    if [ "$nificrm_version" -gt "$nificrm_best_version" ]; then
      nificrm_best=$nificrm_home
      nificrm_best_version=$nificrm_version
    fi
  done
  if [ "$nificrm_glob_was_off" = true ]; then
    set -f
  fi

  if [ "$nificrm_best_version" -lt "$nificrm_minimum_java" ]; then
    echo "nifi-crm needs a JDK $nificrm_minimum_java or newer to build (NiFi 2.x is Java $nificrm_minimum_java), but" \
      "$nificrm_current and no JDK $nificrm_minimum_java+ was found in /usr/lib/jvm, /usr/lib64/jvm, /usr/java, /opt/java, /opt/jdk*, SDKMAN, asdf," \
      "~/.jdks or /Library/Java/JavaVirtualMachines. Install one (e.g. Eclipse Temurin 21 or 25) or set JAVA_HOME to one." >&2
    exit 1
  fi
  JAVA_HOME=$nificrm_best
  export JAVA_HOME
  echo "Using JDK $nificrm_best_version at $JAVA_HOME: $nificrm_current, this build needs $nificrm_minimum_java+" >&2
}

nificrm_select_jdk
