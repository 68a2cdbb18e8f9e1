package dev.nificrm.benchmarks;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * The generated batches kept in a file rather than in the heap, each read back when asked for: a NiFi holds one
 * FlowFile's records at a time, not the next thirty batches', so the benchmark's own records should not crowd the heap
 * the matching is measured in (all batches in the heap held 50-60 MB of it at the first measured batch, two thirds of
 * what the matching itself keeps between batches). The batches are generated whole first, so they are the same records
 * as when they were kept in the heap. A batch let go ({@code set(i, null)}) reads as null.
 */
final class SpilledBatches extends AbstractList<List<StoreWorkload.Entry>> {
    private final Path file;
    private final long[] offsets;
    private final boolean[] released;

    private SpilledBatches(final Path file, final long[] offsets) {
        this.file = file;
        this.offsets = offsets;
        this.released = new boolean[offsets.length - 1];
    }

    /** Writes the batches to the file (replacing it; deleted when the JVM exits) and reads them from there. */
    static SpilledBatches of(final List<List<StoreWorkload.Entry>> batches, final Path file) {
        final long[] offsets = new long[batches.size() + 1];
        try (OutputStream stream = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16))) {
            for (int batch = 0; batch < batches.size(); batch++) {
                offsets[batch] = out.size();
                final List<StoreWorkload.Entry> entries = batches.get(batch);
                out.writeInt(entries.size());
                for (final StoreWorkload.Entry entry : entries) {
                    out.writeInt(entry.person());
                    out.writeBoolean(entry.duplicate());
                    out.writeInt(entry.values().length);
                    for (final String value : entry.values()) {
                        out.writeBoolean(value != null);
                        if (value != null) {
                            out.writeUTF(value);
                        }
                    }
                }
            }
            offsets[batches.size()] = out.size();
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not write the generated batches to " + file, e);
        }
        file.toFile().deleteOnExit();
        return new SpilledBatches(file, offsets);
    }

    @Override
    public List<StoreWorkload.Entry> get(final int batch) {
        if (released[batch]) {
            return null;
        }
        final ByteBuffer bytes = ByteBuffer.allocate((int) (offsets[batch + 1] - offsets[batch]));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (bytes.hasRemaining() && channel.read(bytes, offsets[batch] + bytes.position()) >= 0) {
                // until the batch is read whole
            }
            final DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.array()));
            final int size = in.readInt();
            final List<StoreWorkload.Entry> entries = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                final int person = in.readInt();
                final boolean duplicate = in.readBoolean();
                final String[] values = new String[in.readInt()];
                for (int field = 0; field < values.length; field++) {
                    values[field] = in.readBoolean() ? in.readUTF() : null;
                }
                entries.add(new StoreWorkload.Entry(values, person, duplicate));
            }
            return entries;
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not read batch " + batch + " from " + file, e);
        }
    }

    /** Lets a batch go: it reads as null afterwards. */
    @Override
    public List<StoreWorkload.Entry> set(final int batch, final List<StoreWorkload.Entry> entries) {
        if (entries != null) {
            throw new UnsupportedOperationException("The spilled batches are read only");
        }
        released[batch] = true;
        return null;
    }

    @Override
    public int size() {
        return released.length;
    }
}
