package dev.nificrm.systemtest;

import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our processors' sources compile against exactly what NiFi 2.3.0 gives our NAR at run time: its lib/ jars
 * (nifi-api 2.0.0), the jars of our parent NAR (nifi-standard-services-api-nar 2.3.0) and the libraries our NAR
 * bundles. A call to an API added after NiFi 2.0.0 fails here with its file and line, even on a code path the
 * system tests do not run.
 */
class NiFiApiCompatibilityIT {
    private static final String BUNDLED_JARS = "META-INF/bundled-dependencies/";

    @Test
    void processorSourcesCompileAgainstTheNiFi230RuntimeClassPath() throws IOException {
        final Path home = NiFiExtension.assembly();
        final Path check = Path.of("target/nifi-2.3.0-api-check").toAbsolutePath();
        NiFiServer.deleteRecursively(check);
        final Path jars = Files.createDirectories(check.resolve("class-path"));
        final Path classes = Files.createDirectories(check.resolve("classes"));

        final List<File> classPath = new ArrayList<>();
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            lib.filter(file -> file.getFileName().toString().endsWith(".jar")).map(Path::toFile).forEach(classPath::add);
        }
        classPath.addAll(bundledJars(NarContents.findNar(home.resolve("lib"), "nifi-standard-services-api-nar-"), jars, ""));
        classPath.addAll(bundledJars(NarContents.findNar(home.resolve("extensions"), "nifi-crm-nar-"), jars, "nifi-crm-processors-"));

        final List<File> sources;
        try (Stream<Path> files = Files.walk(ProjectPaths.root().resolve("nifi-crm-processors/src/main/java"))) {
            sources = files.filter(file -> file.toString().endsWith(".java")).map(Path::toFile).toList();
        }
        assertTrue(sources.size() > 10, "processor sources found: " + sources.size());

        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        final DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            final List<String> options = List.of("--release", "21", "-proc:none", "-nowarn", "-encoding", "UTF-8",
                    "-d", classes.toString(),
                    "-cp", classPath.stream().map(File::toString).collect(Collectors.joining(File.pathSeparator)));
            final boolean compiled = javac.getTask(null, fileManager, diagnostics, options, null,
                    fileManager.getJavaFileObjectsFromFiles(sources)).call();
            final List<String> errors = diagnostics.getDiagnostics().stream()
                    .filter(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
                    .map(diagnostic -> diagnostic.getSource().getName() + ":" + diagnostic.getLineNumber() + ": "
                            + diagnostic.getMessage(Locale.ROOT))
                    .toList();
            assertEquals(List.of(), errors, "calls that NiFi 2.3.0 (nifi-api 2.0.0) cannot serve");
            assertTrue(compiled, "javac failed without errors: " + diagnostics.getDiagnostics());
        }
    }

    /** Extracts the jars a NAR bundles, except those whose name starts with the excluded prefix (if not empty). */
    private static List<File> bundledJars(final Path nar, final Path directory, final String excludedPrefix) throws IOException {
        final List<File> extracted = new ArrayList<>();
        try (InputStream in = Files.newInputStream(nar); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                final String name = entry.getName();
                if (!name.startsWith(BUNDLED_JARS) || !name.endsWith(".jar")) {
                    continue;
                }
                final String fileName = name.substring(BUNDLED_JARS.length());
                if (!excludedPrefix.isEmpty() && fileName.startsWith(excludedPrefix)) {
                    continue;
                }
                final Path target = directory.resolve(fileName);
                Files.copy(entries, target, StandardCopyOption.REPLACE_EXISTING);
                extracted.add(target.toFile());
            }
        }
        return extracted;
    }
}
