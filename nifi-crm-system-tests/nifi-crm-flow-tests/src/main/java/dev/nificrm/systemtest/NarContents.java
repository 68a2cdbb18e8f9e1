package dev.nificrm.systemtest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads what a NAR declares: the component types registered in the {@code META-INF/services} files of the jars it
 * bundles. The system tests compare this with what the running NiFi lists, so a component that fails to load
 * shows up by name.
 */
public final class NarContents {
    private static final String BUNDLED_JARS = "META-INF/bundled-dependencies/";
    private static final String PROCESSOR_SERVICES = "META-INF/services/org.apache.nifi.processor.Processor";

    private NarContents() {
    }

    /** The processor types (fully qualified class names) registered by the jars in the NAR, in file order. */
    public static List<String> processorTypes(final Path nar) throws IOException {
        final List<String> types = new ArrayList<>();
        try (ZipInputStream narEntries = new ZipInputStream(Files.newInputStream(nar))) {
            for (ZipEntry entry = narEntries.getNextEntry(); entry != null; entry = narEntries.getNextEntry()) {
                if (entry.getName().startsWith(BUNDLED_JARS) && entry.getName().endsWith(".jar")) {
                    types.addAll(processorTypesOfJar(new ByteArrayInputStream(narEntries.readAllBytes())));
                }
            }
        }
        return types;
    }

    /** The single NAR file in a directory, e.g. {@code extensions/}. */
    public static Path findNar(final Path directory, final String artifactPrefix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            final List<Path> nars = files.filter(file -> file.getFileName().toString().startsWith(artifactPrefix)
                    && file.getFileName().toString().endsWith(".nar")).toList();
            if (nars.size() != 1) {
                throw new IOException("Expected one " + artifactPrefix + "*.nar in " + directory + ", found " + nars);
            }
            return nars.get(0);
        }
    }

    private static List<String> processorTypesOfJar(final InputStream jar) throws IOException {
        final List<String> types = new ArrayList<>();
        try (ZipInputStream jarEntries = new ZipInputStream(jar)) {
            for (ZipEntry entry = jarEntries.getNextEntry(); entry != null; entry = jarEntries.getNextEntry()) {
                if (entry.getName().equals(PROCESSOR_SERVICES)) {
                    for (final String line : new String(jarEntries.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                        final String type = line.replaceFirst("#.*", "").trim();
                        if (!type.isEmpty()) {
                            types.add(type);
                        }
                    }
                }
            }
        }
        return types;
    }
}
