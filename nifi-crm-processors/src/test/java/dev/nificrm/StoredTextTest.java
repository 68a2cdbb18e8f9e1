package dev.nificrm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link StoredText#read(Path)} cuts a file's runs of zero bytes as {@link StoredText#of(byte[])} cuts its bytes. */
class StoredTextTest {
    @TempDir
    Path directory;

    /**
     * Files of texts among runs of zeros of every length, on and across the 4 KiB pages and the megabyte chunks the file
     * is read in, as the key index's files are (a few kilobytes in use in 64 MiB).
     */
    @Test
    void aFileReadInChunksIsCutAsItsBytesAre() throws Exception {
        final Random random = new Random(11);
        for (int file = 0; file < 12; file++) {
            final byte[] bytes = new byte[random.nextInt(3 << 20)];
            for (int at = random.nextInt(Math.max(1, bytes.length / 8) + 1); at < bytes.length; ) {
                final int length = Math.min(bytes.length - at, 1 + random.nextInt(file % 2 == 0 ? 20 : 9000));
                textWithZeros(random, bytes, at, length);
                at += length + (random.nextBoolean() ? random.nextInt(12) : random.nextInt(1 << 18));
            }
            final Path path = directory.resolve("file-" + file);
            Files.write(path, bytes);
            final byte[] read = StoredText.read(path);
            assertEquals(StoredText.of(bytes), new String(read, StandardCharsets.ISO_8859_1), "file " + file + " of " + bytes.length + " bytes");
            assertEquals(StoredText.of(bytes), StoredText.of(read), "what read returns is cut already");
        }
        final Path empty = directory.resolve("empty");
        Files.write(empty, new byte[0]);
        assertArrayEquals(new byte[0], StoredText.read(empty));
        final Path zeros = directory.resolve("zeros");
        try (java.io.RandomAccessFile sparse = new java.io.RandomAccessFile(zeros.toFile(), "rw")) {
            sparse.setLength(64 << 20);
        }
        assertArrayEquals(new byte[Long.BYTES], StoredText.read(zeros), "a sparse file of 64 MiB is 8 zero bytes");
    }

    /**
     * A text of any bytes, about one in five zero, at {@code bytes[at, at + length)}: drawn in bulk (one call for the
     * values, one for which are zero), not one draw per byte.
     */
    private static void textWithZeros(final Random random, final byte[] bytes, final int at, final int length) {
        final byte[] values = new byte[length];
        final byte[] zero = new byte[length];
        random.nextBytes(values);
        random.nextBytes(zero);
        for (int i = 0; i < length; i++) {
            // 51 of 256 is one in five; the others any byte but zero
            bytes[at + i] = (zero[i] & 0xff) < 51 ? 0 : values[i] == 0 ? 1 : values[i];
        }
    }
}
