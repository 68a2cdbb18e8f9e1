package dev.nificrm;

import java.nio.file.Files;
import java.nio.file.Path;

/** The public evaluation data (shared/eval), found by walking up from the working directory as CI lays it out. */
public final class EvalData {
    private EvalData() {
    }

    /** The folder of a kind of evaluation data, e.g. {@code crm}. */
    public static Path folder(final String kind) {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null) {
            final Path candidate = directory.resolve("shared").resolve("eval");
            if (Files.isDirectory(candidate)) {
                return candidate.resolve(kind);
            }
            directory = directory.getParent();
        }
        throw new IllegalStateException("No shared/eval folder above " + Path.of("").toAbsolutePath());
    }
}
