package dev.nificrm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a store keeps (its files' bytes, its tables' rows), as text to search for traces of erased customers. The key
 * index's files are 64 MiB each and almost all zero bytes; searching them whole, once per value sought, took most of the
 * erasure tests' time. {@link #of(byte[])} cuts every run of more than 8 zero bytes to 8 once, and every text without a
 * zero byte, and every 8-byte hash, is found in the result exactly where it is found in the bytes.
 * <pre>
 * final String text = StoredText.of(Files.readAllBytes(file));
 * assertFalse(text.contains("quaxley"));
 * assertFalse(StoredText.containsHash(text, hash));
 * </pre>
 */
public final class StoredText {
    private static final byte[] ZERO_PAGE = new byte[4096];

    private StoredText() {
    }

    /** The bytes as text (one byte, one char), each run of more than 8 zero bytes cut to 8. */
    public static String of(final byte[] bytes) {
        final byte[] kept = new byte[bytes.length];
        int size = 0;
        int zeros = 0;
        for (int page = 0; page < bytes.length; page += ZERO_PAGE.length) {
            final int end = Math.min(bytes.length, page + ZERO_PAGE.length);
            if (Arrays.mismatch(bytes, page, end, ZERO_PAGE, 0, end - page) < 0) {
                // a page of zeros (most of a sparse file): as many as the run may still keep
                final int keep = Math.max(0, Math.min(Long.BYTES - zeros, end - page));
                size += keep;
                zeros += end - page;
                continue;
            }
            for (int i = page; i < end; i++) {
                zeros = bytes[i] == 0 ? zeros + 1 : 0;
                if (zeros <= Long.BYTES) {
                    kept[size++] = bytes[i];
                }
            }
        }
        return new String(kept, 0, size, StandardCharsets.ISO_8859_1);
    }

    /**
     * A file's bytes with every run of more than 8 zero bytes cut to 8, as {@link #of(byte[])} cuts them (which reads the
     * result as it is): read a megabyte at a time, never the whole file at once. A key index file of 64 MiB read whole
     * took 64 MiB of heap, and {@link #of(byte[])} as much again, for a few kilobytes in use; the erasure tests read
     * dozens of them.
     */
    public static byte[] read(final Path file) throws IOException {
        final byte[] chunk = new byte[1 << 20];
        final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        int zeros = 0;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            for (int read = in.readNBytes(chunk, 0, chunk.length); read > 0; read = in.readNBytes(chunk, 0, chunk.length)) {
                int from = 0;
                for (int page = 0; page < read; page += ZERO_PAGE.length) {
                    final int end = Math.min(read, page + ZERO_PAGE.length);
                    if (Arrays.mismatch(chunk, page, end, ZERO_PAGE, 0, end - page) < 0) {
                        // a page of zeros: what comes before it, then as many zeros as the run may still keep
                        kept.write(chunk, from, page - from);
                        kept.write(ZERO_PAGE, 0, Math.max(0, Math.min(Long.BYTES - zeros, end - page)));
                        zeros += end - page;
                        from = end;
                        continue;
                    }
                    for (int i = page; i < end; i++) {
                        zeros = chunk[i] == 0 ? zeros + 1 : 0;
                        if (zeros > Long.BYTES) {
                            kept.write(chunk, from, i - from);
                            from = i + 1;
                        }
                    }
                }
                kept.write(chunk, from, read - from);
            }
        }
        return kept.toByteArray();
    }

    /** Whether the text (from {@link #of(byte[])}) holds a 64-bit hash, in either byte order. */
    public static boolean containsHash(final String text, final long hash) {
        for (final ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
            if (text.contains(new String(ByteBuffer.allocate(Long.BYTES).order(order).putLong(hash).array(), StandardCharsets.ISO_8859_1))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a file under the directory (a node's key index, as on its disk) holds a text without a zero byte. */
    public static boolean filesHold(final Path directory, final String text) throws IOException {
        return !heldInFiles(directory, List.of(text)).isEmpty();
    }

    /**
     * Those of the texts (without a zero byte) that a file under the directory holds, in their order: the files (a node's
     * key index, 64 MiB each) read once for all of them rather than once per text.
     */
    public static List<String> heldInFiles(final Path directory, final List<String> texts) throws IOException {
        final Set<String> held = new HashSet<>();
        try (Stream<Path> all = Files.walk(directory)) {
            for (final Path path : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                final String text = of(read(path));
                for (final String sought : texts) {
                    if (text.contains(sought)) {
                        held.add(sought);
                    }
                }
                if (held.size() == texts.size()) {
                    break;
                }
            }
        }
        return texts.stream().filter(held::contains).toList();
    }
}
