package dev.nificrm.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's directories from wherever a test or the demo runs (repository root or a module). */
public final class ProjectPaths {
    private ProjectPaths() {
    }

    /** The repository root: the nearest directory upwards holding both mvnw and templates/. */
    public static Path root() throws IOException {
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve("mvnw")) && Files.isDirectory(directory.resolve("templates"))) {
                return directory;
            }
        }
        throw new IOException("No nifi-crm repository root (mvnw and templates/) above " + Path.of("").toAbsolutePath());
    }

    /** The flow definitions, {@code templates/}. */
    public static Path templates() throws IOException {
        return root().resolve("templates");
    }

    /**
     * The public evaluation data, {@code shared/eval}: the nearest directory upwards holding it (in CI the checkout
     * sits beside {@code shared/}).
     */
    public static Path evalData() throws IOException {
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            final Path eval = directory.resolve("shared").resolve("eval");
            if (Files.isDirectory(eval)) {
                return eval;
            }
        }
        throw new IOException("No shared/eval above " + Path.of("").toAbsolutePath());
    }
}
