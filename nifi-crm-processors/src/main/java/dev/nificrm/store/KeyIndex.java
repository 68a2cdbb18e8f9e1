package dev.nificrm.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;
import java.util.function.ToLongFunction;
import java.util.zip.CRC32C;

/**
 * The key hashes of the embedded store, materialised for look-ups: per 64-bit hash how many records carry it and,
 * while they are no more than {@link EntityStore#MAXIMUM_LISTED_BLOCK}, which members. An open-addressing hash table
 * and a pool of member lists, each in a memory-mapped file of a directory beside the database: a look-up costs a few
 * memory reads instead of a B-tree descent, and a batch's new keys change memory, instead of tens of thousands of random
 * database pages each commit has to log, sync and checkpoint. The files are mapped privately (copy on write): a page
 * changed once is the process's own memory from then on, never faulted again for writing nor written back by the
 * operating system while the store works (a batch changes pages all over the table); the index writes the changed parts
 * back itself when it is flushed (closed). Nothing of it is on the Java heap.
 * <p>
 * The index is derived data: the database keeps every change to it in order ({@code crm_key_log}), and the index
 * remembers the last change it holds. It is written back and marked clean when closed, with a CRC32C of the bytes of
 * each file in use ({@link Checksums}); opened after a crash (still marked as being changed), from another copy of the database, with
 * files missing, or with a file changed since it was closed ({@link #damage}), it is built again from the log.
 * <p>
 * A slot is 16 bytes: the hash (0 marks a free slot, so a hash of 0 is kept as {@link #ZERO_HASH}), the count, and
 * where its member list starts, or {@link #EMPTY} / {@link #UNLISTED}. A list is contiguous 4-byte values: its length,
 * then the member numbers in the order they joined, with room for a power of two of them; a list that is full moves to
 * a chunk twice its size (the space it left is reused when the index is next built). Reading a block's members is thus
 * one sequential read.
 * <p>
 * The table doubles before it is 3/4 full. A doubling of hundreds of megabytes takes seconds, most of them faulting in
 * the pages of the new mapping, so past 5/8 a background thread builds the doubled table from the one in use while
 * changes go on being applied to it, and the first change after it is done takes it ({@link Growth}); a change waits
 * for a doubling only when the table reaches 3/4 before the thread is done, or while the index is built
 * ({@link #growInBackground}).
 * <p>
 * It also keeps every member's record (entity, source, comparison keys; {@link MemberRecord}) for reading candidates
 * without a database query each: appended to one file as it is written or changed (the record it replaces overwritten
 * with zeros), found through a file of offsets by member number. Thread-safe: look-ups share a read lock, changes take the write lock.
 */
final class KeyIndex implements KeyChanges.Target, PendingKeys.Base, AutoCloseable {
    static final long ZERO_HASH = 0x9E3779B97F4A7C15L;
    /** An odd step through the table, so that a walk visits its slots far from one another. */
    private static final long SCRAMBLING_STRIDE = 0x5851F42D4C957F2DL;
    private static final int EMPTY = -1;
    private static final int UNLISTED = -2;
    private static final long MAGIC = 0x6E6966692D6B6579L;
    /**
     * Version 3 checksums the bytes of each file in use ({@link #usedBytes}); version 2 checksummed the files whole, all
     * their mapped segments of 64 MB (a header of version 2 is checked that way once, then rewritten as version 3 at the
     * next flush: checked so, it costs one reading of the files, where building the index again costs seconds of CPU a
     * million records); a header of version 1 (without checksums) is read as before.
     */
    private static final int VERSION = 3;
    private static final int VERSION_CHECKSUMMING_WHOLE_FILES = 2;
    private static final int VERSION_WITHOUT_CHECKSUMS = 1;
    /** The fields of version 1, ... */
    private static final int FIELD_BYTES = 64;
    /** ... then a CRC32C per file ({@link Checksums}) and one of the header's bytes before it. */
    private static final int HEADER_BYTES = FIELD_BYTES + 5 * Long.BYTES;
    private static final int SLOT_BYTES = 16;
    private static final int INT_BYTES = 4;
    private static final int INITIAL_BITS = 16;
    /** Blocks whose last leave is remembered (about 80 bytes each): a writer older than the oldest forgotten one re-checks every block. */
    private static final int LEAVES_REMEMBERED = 1 << 16;
    /** Look-ups of at least this many hashes are made in the order of their slots ({@link #inSlotOrder}). */
    private static final int SORTED_LOOKUPS = 256;
    /** Look-ups read ahead together ({@link #readSlotsAhead}): their misses overlap. */
    private static final int READ_AHEAD = 16;
    /** Rooms for the look-ups' orders kept between reads ({@link #orders}): the matcher's two threads read side by side. */
    private static final int ORDER_ROOMS = 2;
    /** The largest room for an order kept between reads, in values (2 MB). */
    private static final int LARGEST_ORDER_ROOM = 1 << 18;
    private static final int MAXIMUM_BITS = 34;
    private static final String HEADER = "header";
    private static final String LISTS = "lists";
    private static final String MEMBER_OFFSETS = "member-offsets";
    private static final String MEMBER_RECORDS = "member-records";
    private static final String SLOTS = "slots-";
    /** A background doubling copies the slots changed while it ran in at most this many rounds ({@link Growth}), */
    private static final int CATCH_UP_ROUNDS = 8;
    /** and stops once no more than this many are left to copy (the writer copies those when it takes the table). */
    private static final int CATCH_UP_LEFT = 4096;

    private final Path directory;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final FileChannel headerChannel;
    private final ReadWriteLock access = new ReentrantReadWriteLock();
    /**
     * Rooms for the orders of look-ups ({@link #inSlotOrder}, {@link #inIdOrder}), taken by a read and given back after
     * it: a batch orders some 400,000 hashes and member numbers in reads of up to 75,000 each, each order an array of
     * 8 bytes a value, and the larger ones humongous on a heap of 512 MB (G1 regions of 1 MB).
     */
    private final AtomicReferenceArray<long[]> orders = new AtomicReferenceArray<>(ORDER_ROOMS);
    private MappedFile slots;
    private MappedFile lists;
    private MappedFile memberOffsets;
    private MappedFile memberRecords;
    /** The sum of what {@link #joinAll} (and, rarely, a read: {@link #keep}) read ahead: kept, so that the compiler does not leave out reads whose values go unused. */
    private long readAhead;
    /** Whether the change being applied erased a member's record (an erasure on request). */
    private boolean recordsErased;
    /** The bytes of the member records file in use. */
    private long memberBytes;
    /** The highest member number with a record. */
    private int highestMember;
    private int bits;
    private long mask;
    private long size;
    /** The 4-byte values of the lists file in use. */
    private long listInts;
    private long appliedSeq;
    /** Per block a member left lately, the log row of that change: a writer that read the block before it cannot tell who joined by places. */
    private final Map<Long, Long> leftAt = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(final Map.Entry<Long, Long> eldest) {
            if (size() > LEAVES_REMEMBERED) {
                leavesKnownAfter = Math.max(leavesKnownAfter, eldest.getValue());
                return true;
            }
            return false;
        }
    };
    /** Leaves in log rows up to this one are not remembered (before the index was opened or built, or forgotten since). */
    private long leavesKnownAfter = Long.MAX_VALUE;
    /** The log row being applied. */
    private long applyingSeq;
    private long appliedChecksum;
    private boolean clean;
    private boolean openedClean;
    /** Why the files of an index closed cleanly were not trusted when it was opened (it was built again), or null. */
    private String damage;
    /**
     * Whether the header was written by an earlier version (1, without the files' checksums, or 2, with checksums of the
     * files whole): the next flush writes those of this version, changed or not.
     */
    private boolean checksumsOutdated;
    /** The doubled table a background thread is building (past 5/8 load), or null. */
    private Growth growth;
    /** Whether the table doubles on a background thread ({@link #growInBackground}), or on the writer's at 3/4. */
    private boolean backgroundGrowth;
    /** The size (bits) of a table whose background doubling failed: it doubles on the writer's thread at 3/4 instead. */
    private int failedGrowthBits;
    /** Doublings a change waited for: the table reached 3/4 load before a background one was done (or none ran). */
    private int synchronousGrowths;
    /** Run by a background doubling once it has copied half the table (for tests; null otherwise). */
    volatile Runnable halfwayThroughGrowth;
    /** For tests: run on the writer's thread once it started a background doubling, before it changes the slot that started it. */
    volatile Runnable backgroundGrowthStarted;
    /** For tests: given each block a member joins as a change is applied, before it joins (throwing stops the change halfway). */
    volatile LongConsumer joining;

    private KeyIndex(final Path directory, final FileChannel lockChannel, final FileLock lock, final FileChannel headerChannel) {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.headerChannel = headerChannel;
    }

    /**
     * Opens the index in a directory (created when missing), locked against a second store opening it. When the
     * files are not a cleanly closed index, it opens empty and {@link #openedClean()} is false.
     */
    static KeyIndex open(final Path directory) {
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(directory);
            lockChannel = FileChannel.open(directory.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            final FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (final OverlappingFileLockException e) {
                throw inUse(directory);
            }
            if (lock == null) {
                throw inUse(directory);
            }
            final FileChannel header = FileChannel.open(directory.resolve(HEADER), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            final KeyIndex index = new KeyIndex(directory, lockChannel, lock, header);
            index.load();
            return index;
        } catch (final IOException e) {
            closeQuietly(lockChannel);
            throw new EntityStoreException("Could not open the key index in " + directory + ": " + e.getMessage(), e);
        } catch (final RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    private static EntityStoreException inUse(final Path directory) {
        return new EntityStoreException("The key index in " + directory + " is open in another entity store: an embedded store "
                + "directory serves one Entity Store service at a time (share that service between processors instead)");
    }

    private void load() throws IOException {
        final Header header;
        try {
            header = Header.read(headerChannel);
        } catch (final Damaged e) {
            damage = e.getMessage();
            reset();
            return;
        }
        if (header != null && header.clean() && !header.filesPresent(directory)) {
            damage = Header.FILES_MISSING;
        } else if (header != null && header.clean()) {
            // the check reads every page in use: it is the preload's reading, done before the index is trusted
            this.slots = new MappedFile(directory.resolve(SLOTS + header.bits()));
            this.lists = new MappedFile(directory.resolve(LISTS));
            this.memberOffsets = new MappedFile(directory.resolve(MEMBER_OFFSETS));
            this.memberRecords = new MappedFile(directory.resolve(MEMBER_RECORDS));
            final String slotFile = SLOTS + header.bits();
            damage = header.checksums() == null ? null : header.checksums().mismatch(slotFile, Checksums.of(slotFile,
                    file -> mapped(file).checksum(header.checksummedWhole() ? mapped(file).size() : header.usedBytes(file))));
        }
        if (header != null && header.clean() && damage == null) {
            this.bits = header.bits();
            this.mask = (1L << header.bits()) - 1;
            this.size = header.size();
            this.listInts = header.listInts();
            this.appliedSeq = header.appliedSeq();
            this.appliedChecksum = header.appliedChecksum();
            this.memberBytes = header.memberBytes();
            this.highestMember = header.highestMember();
            this.clean = true;
            this.openedClean = true;
            this.checksumsOutdated = header.checksums() == null || header.checksummedWhole();
            return;
        }
        reset();
    }

    /** The mapped file of the index by its name (any other than these: the table of slots in use). */
    private MappedFile mapped(final String file) {
        return switch (file) {
            case LISTS -> lists;
            case MEMBER_OFFSETS -> memberOffsets;
            case MEMBER_RECORDS -> memberRecords;
            default -> slots;
        };
    }

    /**
     * The bytes of an index's file in use: the table's slots, the lists' values written, the member offsets up to the
     * highest member's, the member records written. Only these are checksummed and preloaded: the files are mapped in
     * segments of 64 MB, mostly unused in a small index. The index reads no byte past them that it did not write since.
     */
    private static long usedBytes(final String file, final int bits, final long listInts, final int highestMember, final long memberBytes) {
        return switch (file) {
            case LISTS -> listInts * INT_BYTES;
            case MEMBER_OFFSETS -> highestMember == 0 ? 0 : (highestMember + 1L) * Long.BYTES;
            case MEMBER_RECORDS -> memberBytes;
            default -> (long) SLOT_BYTES << bits;
        };
    }

    /** The bytes of an index's file in use now ({@link #usedBytes(String, int, long, int, long)}). */
    private long usedBytes(final String file) {
        return usedBytes(file, bits, listInts, highestMember, memberBytes);
    }

    /**
     * The CRC32C of the bytes in use of each of the index's files ({@link #usedBytes}; of version 2, of the files whole),
     * as written back when it was last closed cleanly: a byte changed
     * since (a disk, a partial copy or restore, a tool) is found when the index is opened, which then builds it again
     * rather than miss or invent candidates.
     */
    record Checksums(long slots, long lists, long memberOffsets, long memberRecords) {
        /**
         * The checksums of an index's files.
         *
         * @param slotFile   the name of the file of the table in use
         * @param checksumOf the checksum of a file of the index by its name
         */
        static Checksums of(final String slotFile, final ToLongFunction<String> checksumOf) {
            return new Checksums(checksumOf.applyAsLong(slotFile), checksumOf.applyAsLong(LISTS), checksumOf.applyAsLong(MEMBER_OFFSETS),
                    checksumOf.applyAsLong(MEMBER_RECORDS));
        }

        /** Why the files whose checksums were {@code found} do not match these: the first that differs, or null when all match. */
        String mismatch(final String slotFile, final Checksums found) {
            final String file = slots != found.slots ? slotFile : lists != found.lists ? LISTS : memberOffsets != found.memberOffsets
                    ? MEMBER_OFFSETS : memberRecords != found.memberRecords ? MEMBER_RECORDS : null;
            return file == null ? null : "its file " + file + " changed since the index was closed (it does not match the checksum written then)";
        }
    }

    /**
     * What an index's header file says.
     *
     * @param clean     whether the index was closed cleanly (else it was being changed, and is built again when opened)
     * @param checksums the files' checksums, written when it was closed cleanly; null in a header of version 1, trusted
     *                  as that version did (it is checked from its next clean close on)
     * @param checksummedWhole whether the checksums are of the files whole (version 2), not of their bytes in use
     */
    record Header(boolean clean, int bits, int highestMember, long size, long listInts, long appliedSeq, long appliedChecksum,
                  long memberBytes, Checksums checksums, boolean checksummedWhole) {
        /** Why a header that says the index was closed cleanly is not trusted when its files are not all there. */
        static final String FILES_MISSING = "files its header names are missing or shorter than it says (a partial copy or restore?)";

        /**
         * The header in a file, or null when the file holds none of version 1, 2 or 3.
         *
         * @throws Damaged when a header of version 2 or 3 does not match its own checksum
         */
        static Header read(final FileChannel channel) throws IOException {
            final ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            if (channel.size() < FIELD_BYTES) {
                return null;
            }
            while (header.hasRemaining() && channel.read(header, header.position()) > 0) {
                // a header file is read whole
            }
            header.flip();
            final int version;
            if (header.getLong() != MAGIC || (version = header.getInt()) != VERSION && version != VERSION_CHECKSUMMING_WHOLE_FILES
                    && version != VERSION_WITHOUT_CHECKSUMS) {
                return null;
            }
            if (version != VERSION_WITHOUT_CHECKSUMS && (header.limit() < HEADER_BYTES || header.getLong(HEADER_BYTES - Long.BYTES) != headerChecksum(header))) {
                throw new Damaged("its header changed since it was written (it does not match its checksum)");
            }
            final boolean clean = header.getInt() == 1;
            final int bits = header.getInt();
            final int highestMember = header.getInt();
            final long distinct = header.getLong();
            final long listInts = header.getLong();
            final long appliedSeq = header.getLong();
            final long appliedChecksum = header.getLong();
            final long memberBytes = header.getLong();
            final Checksums checksums = version == VERSION_WITHOUT_CHECKSUMS ? null
                    : new Checksums(header.getLong(), header.getLong(), header.getLong(), header.getLong());
            return new Header(clean, bits, highestMember, distinct, listInts, appliedSeq, appliedChecksum, memberBytes, checksums,
                    version == VERSION_CHECKSUMMING_WHOLE_FILES);
        }

        /** The CRC32C of a header's bytes before its last 8 (where it is kept). */
        private static long headerChecksum(final ByteBuffer header) {
            final CRC32C crc = new CRC32C();
            crc.update(header.slice(0, HEADER_BYTES - Long.BYTES));
            return crc.getValue();
        }

        /** The bytes in use of a file of the index this header describes ({@link KeyIndex#usedBytes}). */
        long usedBytes(final String file) {
            return KeyIndex.usedBytes(file, bits, listInts, highestMember, memberBytes);
        }

        /** Whether the directory holds every file this header describes, large enough. */
        boolean filesPresent(final Path directory) throws IOException {
            final Path slotFile = directory.resolve(SLOTS + bits);
            final Path listFile = directory.resolve(LISTS);
            final Path recordFile = directory.resolve(MEMBER_RECORDS);
            return bits >= INITIAL_BITS && bits <= MAXIMUM_BITS && Files.isRegularFile(slotFile) && Files.isRegularFile(listFile)
                    && Files.size(slotFile) >= ((long) SLOT_BYTES << bits) && Files.size(listFile) >= listInts * INT_BYTES
                    && Files.isRegularFile(directory.resolve(MEMBER_OFFSETS)) && Files.isRegularFile(recordFile)
                    && Files.size(directory.resolve(MEMBER_OFFSETS)) >= usedBytes(MEMBER_OFFSETS) && Files.size(recordFile) >= memberBytes;
        }

        /** Bytes of the index's files. */
        long bytesOnDisk() {
            return HEADER_BYTES + ((long) SLOT_BYTES << bits) + listInts * INT_BYTES + (highestMember + 1L) * Long.BYTES + memberBytes;
        }
    }

    /**
     * How an index directory looks from outside, for checking a configuration before a store opens it; changes nothing
     * (creates no file).
     *
     * @param exists whether the directory exists
     * @param inUse  whether a store (of this process or another) has the index open
     * @param header the header of a cleanly closed index whose files are all there and match their checksums, or null
     * @param damage why the files of an index closed cleanly are not trusted (it would be built again), or null
     */
    record Outside(boolean exists, boolean inUse, Header header, String damage) {
    }

    /** Looks at an index directory without opening the index: see {@link Outside}. */
    static Outside lookAt(final Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return new Outside(false, false, null, null);
        }
        final Path lockFile = directory.resolve("lock");
        boolean inUse = false;
        if (Files.isRegularFile(lockFile)) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
                final FileLock lock = channel.tryLock();
                if (lock == null) {
                    inUse = true;
                } else {
                    lock.release();
                }
            } catch (final OverlappingFileLockException e) {
                inUse = true;
            }
        }
        final Path headerFile = directory.resolve(HEADER);
        if (!Files.isRegularFile(headerFile)) {
            return new Outside(true, inUse, null, null);
        }
        final Header header;
        try (FileChannel channel = FileChannel.open(headerFile, StandardOpenOption.READ)) {
            header = Header.read(channel);
        } catch (final Damaged e) {
            return new Outside(true, inUse, null, e.getMessage());
        }
        if (header == null || !header.clean()) {
            return new Outside(true, inUse, null, null);
        }
        if (!header.filesPresent(directory)) {
            return new Outside(true, inUse, null, Header.FILES_MISSING);
        }
        final String slotFile = SLOTS + header.bits();
        final String damage;
        try {
            damage = header.checksums() == null ? null
                    : header.checksums().mismatch(slotFile, Checksums.of(slotFile, file -> checksumOf(directory.resolve(file),
                    header.checksummedWhole() ? Long.MAX_VALUE : header.usedBytes(file))));
        } catch (final UncheckedIOException e) {
            throw e.getCause();
        }
        return new Outside(true, inUse, damage == null ? header : null, damage);
    }

    /**
     * The CRC32C of a file's first {@code used} bytes (at most the whole file), read through mappings of a segment each
     * (as {@link MappedFile#checksum} reads one mapped).
     */
    private static long checksumOf(final Path file, final long used) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            final CRC32C crc = new CRC32C();
            final long size = Math.min(used, channel.size());
            for (long at = 0; at < size; at += MappedFile.SEGMENT_BYTES) {
                crc.update(channel.map(FileChannel.MapMode.READ_ONLY, at, Math.min(MappedFile.SEGMENT_BYTES, size - at)));
            }
            return crc.getValue();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Why the files of an index closed cleanly were not trusted when it was opened, so that it was built again (a changed
     * byte, a file missing or short: see {@link Checksums}); null when they were, or when it was not closed cleanly.
     */
    String damage() {
        return damage;
    }

    /** Whether the files held an index closed cleanly: its {@link #appliedSeq()} can be trusted. */
    boolean openedClean() {
        return openedClean;
    }

    /** The number of the last logged change the index holds (0: none). */
    long appliedSeq() {
        return appliedSeq;
    }

    /**
     * Starts remembering leaves from the change the index now holds on (once it is opened or built): a writer that read
     * before is told every block may have been left.
     */
    void rememberLeavesFromNow() {
        access.writeLock().lock();
        try {
            leftAt.clear();
            leavesKnownAfter = appliedSeq;
        } finally {
            access.writeLock().unlock();
        }
    }

    /**
     * Whether a member may have left a block after the index held log row {@code mark}: then the places of its members
     * moved, and those past a count read at the mark are not the ones that joined since.
     */
    boolean leftSince(final long hash, final long mark) {
        access.readLock().lock();
        try {
            // most blocks were never left (no boxed hash for those while nobody left any)
            return mark < leavesKnownAfter || !leftAt.isEmpty() && leftAt.getOrDefault(hash, Long.MIN_VALUE) > mark;
        } finally {
            access.readLock().unlock();
        }
    }

    /** The checksum of the last logged change the index holds, to tell it from another database's change of that number. */
    long appliedChecksum() {
        return appliedChecksum;
    }

    /** Number of distinct hashes. */
    long size() {
        access.readLock().lock();
        try {
            return size;
        } finally {
            access.readLock().unlock();
        }
    }

    /** Bytes of the index's files. */
    long bytesOnDisk() {
        access.readLock().lock();
        try {
            return new Header(clean, bits, highestMember, size, listInts, appliedSeq, appliedChecksum, memberBytes, null, false).bytesOnDisk();
        } finally {
            access.readLock().unlock();
        }
    }

    /**
     * From now on the table doubles on a background thread (from 5/8 load), so that no commit waits for it: called once
     * the index is open and up to date, when changes come one commit at a time. While the index is built or catches up
     * with the log, changes come back to back, faster than a background doubling copies the table: the writer would
     * reach 3/4 and wait for it anyway, then copy what changed meanwhile (measured: a quarter more time over a build,
     * a third more CPU). Until this is called, and again after {@link #reset}, the table doubles on the writer's thread.
     */
    void growInBackground() {
        access.writeLock().lock();
        try {
            backgroundGrowth = true;
        } finally {
            access.writeLock().unlock();
        }
    }

    /** How many times a change waited for the table to double (for tests). */
    int synchronousGrowths() {
        access.readLock().lock();
        try {
            return synchronousGrowths;
        } finally {
            access.readLock().unlock();
        }
    }

    /**
     * Empties the index (to be built again), its table sized for as many keys as it held (below the 5/8 load a doubling
     * starts at), so that a build holding about as many does not double it on the way.
     */
    void reset() throws IOException {
        access.writeLock().lock();
        try {
            final long held = size;
            writeHeader(null);
            clean = false;
            closeFiles();
            try (var listing = Files.list(directory)) {
                for (final Path file : (Iterable<Path>) listing::iterator) {
                    final String name = file.getFileName().toString();
                    if (name.startsWith(SLOTS) || name.equals(LISTS) || name.equals(MEMBER_OFFSETS) || name.equals(MEMBER_RECORDS)) {
                        Files.delete(file);
                    }
                }
            }
            bits = bitsHolding(held);
            mask = (1L << bits) - 1;
            size = 0;
            failedGrowthBits = 0;
            backgroundGrowth = false;
            leftAt.clear();
            leavesKnownAfter = Long.MAX_VALUE;
            listInts = 0;
            appliedSeq = 0;
            appliedChecksum = 0;
            slots = new MappedFile(directory.resolve(SLOTS + bits));
            lists = new MappedFile(directory.resolve(LISTS));
            memberOffsets = new MappedFile(directory.resolve(MEMBER_OFFSETS));
            memberRecords = new MappedFile(directory.resolve(MEMBER_RECORDS));
            memberBytes = 0;
            highestMember = 0;
            slots.ensure((long) SLOT_BYTES << bits);
        } finally {
            access.writeLock().unlock();
        }
    }

    /** The fewest bits, from {@link #INITIAL_BITS}, of a table holding {@code keys} below the 5/8 load a doubling starts at. */
    static int bitsHolding(final long keys) {
        int holding = INITIAL_BITS;
        while (holding < MAXIMUM_BITS && keys * 8 > (1L << holding) * 5) {
            holding++;
        }
        return holding;
    }

    /** The bytes of the files open now that were preloaded or checksummed since they were opened (for tests). */
    long bytesRead() {
        access.readLock().lock();
        try {
            return slots.read + lists.read + memberOffsets.read + memberRecords.read;
        } finally {
            access.readLock().unlock();
        }
    }

    /**
     * Reads the files' bytes in use ({@link #usedBytes}) into memory once (the operating system's page cache), so that
     * look-ups do not each fault a page in: a batch's keys are spread over the whole table.
     */
    void preload() {
        access.readLock().lock();
        try {
            slots.load(usedBytes(SLOTS));
            lists.load(usedBytes(LISTS));
            memberOffsets.load(usedBytes(MEMBER_OFFSETS));
            memberRecords.load(usedBytes(MEMBER_RECORDS));
        } finally {
            access.readLock().unlock();
        }
    }

    // ------------------------------------------------------------------ reads

    /** The entries of the hashes, null where absent, like {@link EntityStore#findKeys}. */
    @Override
    public KeyEntry[] find(final long[] hashes) {
        final KeyEntry[] entries = new KeyEntry[hashes.length];
        long[] order = null;
        access.readLock().lock();
        try {
            order = inSlotOrder(hashes);
            long ahead = 0;
            for (int next = 0; next < hashes.length; next++) {
                if (next % READ_AHEAD == 0) {
                    ahead += readSlotsAhead(hashes, order, next, Math.min(hashes.length, next + READ_AHEAD));
                }
                final int i = order == null ? next : (int) order[next];
                final long hash = hashes[i];
                final long slot = locate(stored(hash));
                if (slot < 0) {
                    continue;
                }
                final int list = slots.getInt(slot + 12);
                entries[i] = KeyEntry.of(slots.getInt(slot + 8), list >= 0 && lists.getInt((long) list * INT_BYTES) > 0);
            }
            keep(ahead);
            return entries;
        } finally {
            access.readLock().unlock();
            giveBack(order);
        }
    }

    /** The members listed under the hashes, null where none are, like {@link EntityStore#findBlockMembers}. */
    @Override
    public long[][] blockMembers(final long[] hashes) {
        final long[][] members = new long[hashes.length][];
        long[] order = null;
        access.readLock().lock();
        try {
            order = inSlotOrder(hashes);
            long ahead = 0;
            for (int next = 0; next < hashes.length; next++) {
                if (next % READ_AHEAD == 0) {
                    ahead += readSlotsAhead(hashes, order, next, Math.min(hashes.length, next + READ_AHEAD));
                }
                final int i = order == null ? next : (int) order[next];
                final long start = listedAt(hashes[i]);
                if (start >= 0) {
                    final long[] listed = new long[lists.getInt(start)];
                    for (int member = 0; member < listed.length; member++) {
                        listed[member] = lists.getInt(start + (long) (member + 1) * INT_BYTES);
                    }
                    members[i] = listed;
                }
            }
            keep(ahead);
            return members;
        } finally {
            access.readLock().unlock();
            giveBack(order);
        }
    }

    /** Per hash, the lowest member listed under it, or -1 where none are, like {@link EntityStore#findOldestBlockMembers}. */
    long[] oldestBlockMembers(final long[] hashes) {
        final long[] oldest = new long[hashes.length];
        long[] order = null;
        access.readLock().lock();
        try {
            order = inSlotOrder(hashes);
            long ahead = 0;
            for (int next = 0; next < hashes.length; next++) {
                if (next % READ_AHEAD == 0) {
                    ahead += readSlotsAhead(hashes, order, next, Math.min(hashes.length, next + READ_AHEAD));
                }
                final int i = order == null ? next : (int) order[next];
                final long start = listedAt(hashes[i]);
                oldest[i] = -1;
                if (start >= 0) {
                    int lowest = Integer.MAX_VALUE;
                    for (int member = lists.getInt(start); member > 0; member--) {
                        lowest = Math.min(lowest, lists.getInt(start + (long) member * INT_BYTES));
                    }
                    oldest[i] = lowest;
                }
            }
            keep(ahead);
            return oldest;
        } finally {
            access.readLock().unlock();
            giveBack(order);
        }
    }

    /**
     * Reads ahead the first slots of the hashes at the positions {@code from} to {@code to} of a read (in its order), then
     * the lists of those found in them, as {@link #joinAll} does for a member's blocks: each is at a random place in
     * hundreds of megabytes, and a look-up is too short for the processor to run ahead into the next one's reads; read
     * together, their misses overlap instead of following one another, and the look-ups then find them cached. Gives
     * the sum of what it read, for {@link #keep} (so that the reads are made); under the read lock.
     */
    private long readSlotsAhead(final long[] hashes, final long[] order, final int from, final int to) {
        long found = 0;
        for (int next = from; next < to; next++) {
            found += slots.getLong(start(stored(hashes[order == null ? next : (int) order[next]]), mask) * SLOT_BYTES);
        }
        for (int next = from; next < to; next++) {
            // the list of the hash's first slot, if it is the hash's (a hint: a hash further along its run is not read ahead)
            final long hash = stored(hashes[order == null ? next : (int) order[next]]);
            final long slot = start(hash, mask) * SLOT_BYTES;
            final int list = slots.getLong(slot) == hash ? slots.getInt(slot + 12) : -1;
            if (list >= 0 && list < listInts) {
                found += lists.getInt((long) list * INT_BYTES);
            }
        }
        return found;
    }

    /**
     * Keeps the sum of values read ahead where the compiler cannot leave the reads out: in {@link #readAhead}, written
     * only for one value in 2^64 (a field the reading threads wrote each time would bounce between their cores' caches).
     */
    private void keep(final long found) {
        if (found == Long.MIN_VALUE) {
            readAhead = found;
        }
    }

    /**
     * Where the list of the members listed under a hash starts in the lists file (its length, then its members), or -1
     * when it lists none; under the read lock. A list that runs past the lists written is found out ({@link Damaged}).
     */
    private long listedAt(final long hash) {
        final long slot = locate(stored(hash));
        final int list = slot < 0 ? -1 : slots.getInt(slot + 12);
        if (list < 0) {
            return -1;
        }
        final long start = (long) list * INT_BYTES;
        final int length = lists.getInt(start);
        if (length <= 0) {
            return -1;
        }
        if ((long) list + 1 + length > listInts) {
            throw new Damaged(LISTS + ": a list of " + length + " members at " + list + " runs past the lists written");
        }
        return start;
    }

    /** A hash the index has no slot for ({@link #heads}). */
    static final byte ABSENT = 0;
    /** A hash whose slot lists no members, nor will (a block over the listed size, or a counted key). */
    static final byte NOT_LISTING = 1;
    /** A hash whose slot lists its members (none yet, or some). */
    static final byte LISTING = 2;

    /** Per hash, whether the index has a slot for it and whether that slot lists members: what a change does to it depends on it. */
    @Override
    public byte[] heads(final long[] hashes) {
        final byte[] heads = new byte[hashes.length];
        access.readLock().lock();
        try {
            for (int i = 0; i < hashes.length; i++) {
                final long slot = locate(stored(hashes[i]));
                heads[i] = slot < 0 ? ABSENT : slots.getInt(slot + 12) == UNLISTED ? NOT_LISTING : LISTING;
            }
            return heads;
        } finally {
            access.readLock().unlock();
        }
    }

    /** The count under each hash (0 when absent). */
    long count(final long hash) {
        access.readLock().lock();
        try {
            final long slot = locate(stored(hash));
            return slot < 0 ? 0 : slots.getInt(slot + 8);
        } finally {
            access.readLock().unlock();
        }
    }

    // ------------------------------------------------------------------ changes

    /**
     * Applies one logged change and remembers it as the last one held; without its member records when the index's
     * members were read from the database as they are after it.
     */
    void apply(final KeyChanges changes, final long seq, final long checksum, final boolean withMembers) {
        access.writeLock().lock();
        try {
            markChanging();
            adoptGrowth(false);
            recordsErased = false;
            applyingSeq = seq;
            changes.applyTo(this, withMembers);
            appliedSeq = seq;
            appliedChecksum = checksum;
            if (recordsErased) {
                // the records of customers erased on request, and the keys only they had, leave the files on disk now, not
                // when the index is next closed
                memberRecords.force();
                slots.force();
            }
        } finally {
            access.writeLock().unlock();
        }
    }

    /** Puts a key as schema version 1 kept it (its count and, while listed, its members); for building the index. */
    void putLegacy(final long hash, final long count, final long[] members) {
        access.writeLock().lock();
        try {
            markChanging();
            adoptGrowth(false);
            final long slot = slotFor(stored(hash), members != null);
            setCount(slot, count);
            if (members != null) {
                for (final long member : members) {
                    append(slot, member);
                }
            }
        } finally {
            access.writeLock().unlock();
        }
    }

    /** Puts a key of the log's base (its count and, unless {@code listed} is -1, its first {@code listed} members); for building the index. */
    void putBase(final long hash, final int count, final int[] members, final int listed) {
        access.writeLock().lock();
        try {
            markChanging();
            adoptGrowth(false);
            final long slot = slotFor(stored(hash), listed >= 0);
            setCount(slot, count);
            for (int i = 0; i < listed; i++) {
                append(slot, members[i]);
            }
        } finally {
            access.writeLock().unlock();
        }
    }

    /**
     * Records that the index, built from a compacted log's base, holds the log up to the base's row {@code seq} (whose
     * checksum is {@code checksum}): the base holds that row's change, and the rows after it are applied next.
     */
    void holdsThrough(final long seq, final long checksum) {
        access.writeLock().lock();
        try {
            markChanging();
            appliedSeq = seq;
            appliedChecksum = checksum;
        } finally {
            access.writeLock().unlock();
        }
    }

    /** Receives the keys of the index one at a time. */
    @FunctionalInterface
    interface KeyVisitor<E extends Exception> {
        /**
         * @param members its listed members in the order they joined, in the first {@code listed} places (a buffer the
         *                visitor must not keep)
         * @param listed  how many are listed, or -1 for a key that lists none (a block over the listed size, a counted key)
         */
        void key(long hash, int count, int[] members, int listed) throws E;
    }

    /**
     * Hands every key the index holds to the visitor, under the read lock (changes wait): its count and listed members.
     * Keys no record carries any more (count 0, no member listed) are left out. The slots are visited in a scrambled
     * order (a stride through the table), not one after the other: keys put into a table in the order of their slots in
     * another would fill it from one end, each probing past all the keys put before it.
     */
    <E extends Exception> void forEachKey(final KeyVisitor<E> visitor) throws E {
        forEachKey(visitor, true);
    }

    /**
     * Hands every key to the visitor as {@link #forEachKey(KeyVisitor)} does, the slots visited in a scrambled order or,
     * where the keys are not put into another table, one after the other (several times faster: the table is read in
     * order).
     */
    <E extends Exception> void forEachKey(final KeyVisitor<E> visitor, final boolean scrambled) throws E {
        int[] members = new int[EntityStore.MAXIMUM_LISTED_BLOCK];
        access.readLock().lock();
        try {
            final long slotCount = 1L << bits;
            for (long visited = 0; visited < slotCount; visited++) {
                // an odd stride visits every slot of a table of a power of two once
                final long offset = ((scrambled ? visited * SCRAMBLING_STRIDE : visited) & mask) * SLOT_BYTES;
                final long hash = slots.getLong(offset);
                if (hash == 0) {
                    continue;
                }
                final int count = slots.getInt(offset + 8);
                final int list = slots.getInt(offset + 12);
                int listed = -1;
                if (list >= 0) {
                    final long start = (long) list * INT_BYTES;
                    listed = lists.getInt(start);
                    if (listed > members.length) {
                        members = new int[listed];
                    }
                    for (int i = 0; i < listed; i++) {
                        members[i] = lists.getInt(start + (long) (i + 1) * INT_BYTES);
                    }
                } else if (list == EMPTY) {
                    listed = 0;
                }
                if (count != 0 || listed > 0) {
                    visitor.key(hash, count, members, listed);
                }
            }
        } finally {
            access.readLock().unlock();
        }
    }

    /** Keeps a member's record, replacing the one it had (under the write lock, or through {@link #putMembers}). */
    @Override
    public void putMember(final MemberRecord member) {
        if (member.memberId() <= 0 || member.memberId() > Integer.MAX_VALUE) {
            throw new EntityStoreException("The embedded store's key index holds member numbers up to " + Integer.MAX_VALUE
                    + "; the store has outgrown it: use the PostgreSQL entity store");
        }
        final byte[][] texts = {utf8(member.goldenId()), utf8(member.system()), utf8(member.sourceId()), utf8(member.keys())};
        long length = INT_BYTES;
        for (final byte[] text : texts) {
            length += INT_BYTES + text.length;
        }
        if (length > MappedFile.SEGMENT_BYTES) {
            // more than a segment holds: the index keeps no record of the member (its reads ask the database), rather than
            // failing a change the database has committed, and every build of the index after it
            final long slot = offsetOf(member.memberId());
            eraseRecordAt(memberOffsets.getLong(slot) - 1);
            memberOffsets.putLong(slot, 0);
            highestMember = Math.max(highestMember, (int) member.memberId());
            return;
        }
        // a record never crosses the boundary of two mapped segments
        long start = memberBytes;
        if (start >>> MappedFile.SEGMENT_BITS != (start + length - 1) >>> MappedFile.SEGMENT_BITS) {
            start = ((start >>> MappedFile.SEGMENT_BITS) + 1) << MappedFile.SEGMENT_BITS;
        }
        memberRecords.ensure(start + length);
        long position = start;
        memberRecords.putInt(position, member.layoutId());
        position += INT_BYTES;
        for (final byte[] text : texts) {
            memberRecords.putInt(position, text.length);
            memberRecords.putBytes(position + INT_BYTES, text);
            position += INT_BYTES + text.length;
        }
        memberBytes = position;
        final long slot = offsetOf(member.memberId());
        final long replaced = memberOffsets.getLong(slot) - 1;
        eraseRecordAt(replaced);
        recordsErased |= replaced >= 0 && member.goldenId().isEmpty();
        memberOffsets.putLong(slot, start + 1);
        highestMember = Math.max(highestMember, (int) member.memberId());
    }

    /**
     * Where a member's record offset is kept in the member offsets file, room made for it. Past the highest member's,
     * the file's bytes are not in use (not checksummed: {@link #usedBytes}): those from there to this member's are
     * zeroed first (no record), so that none is read as it was found.
     */
    private long offsetOf(final long memberId) {
        final long slot = memberId * Long.BYTES;
        memberOffsets.ensure(slot + Long.BYTES);
        for (long unused = highestMember + 1L; unused <= memberId; unused++) {
            if (memberOffsets.getLong(unused * Long.BYTES) != 0) {
                memberOffsets.putLong(unused * Long.BYTES, 0);
            }
        }
        return slot;
    }

    /**
     * Overwrites a replaced record with zeros (none when {@code start} is negative): the file keeps no earlier entity,
     * source or comparison keys of a member, and nothing of one erased on request.
     */
    private void eraseRecordAt(final long start) {
        if (start < 0) {
            return;
        }
        long length = INT_BYTES;
        for (int text = 0; text < 4; text++) {
            length += INT_BYTES + memberRecords.getInt(start + length);
        }
        memberRecords.putBytes(start, new byte[(int) length]);
    }

    /** Keeps members' records (for building the index from the database's members). */
    void putMembers(final List<MemberRecord> members) {
        access.writeLock().lock();
        try {
            markChanging();
            for (final MemberRecord member : members) {
                putMember(member);
            }
        } finally {
            access.writeLock().unlock();
        }
    }

    /**
     * The members with these numbers as matching reads them (entity, source, the comparison keys asked for), null where
     * the index has none. Each key is decoded straight from the mapped bytes (the stored keys are never one string
     * first), and a member's system, one of a few, is the string of the member before whenever it is the same.
     *
     * @param positionsOfLayout per layout id, per field asked for, its position among the layout's keys (-1 if absent)
     */
    StoredMember[] storedMembers(final long[] memberIds, final IntFunction<int[]> positionsOfLayout) {
        final StoredMember[] found = new StoredMember[memberIds.length];
        byte[] buffer = new byte[512];
        String system = null;
        byte[] systemBytes = new byte[0];
        int lastLayout = Integer.MIN_VALUE;
        int[] positions = null;
        long[] order = null;
        access.readLock().lock();
        try {
            final long known = highestMember + 1L;
            order = inIdOrder(memberIds);
            long ahead = 0;
            for (int next = 0; next < memberIds.length; next++) {
                if (next % READ_AHEAD == 0) {
                    ahead += readRecordsAhead(memberIds, order, next, Math.min(memberIds.length, next + READ_AHEAD), known);
                }
                final int i = order == null ? next : (int) order[next];
                long position = recordOf(memberIds[i], known);
                if (position < 0) {
                    continue;
                }
                final int layoutId = memberRecords.getInt(position);
                position += INT_BYTES;
                int length = memberRecords.getInt(position);
                if (length == 0) {
                    // the record of an erased member: none (one taken in from the log has no layout: 0, which names none)
                    continue;
                }
                if (layoutId != lastLayout) {
                    positions = positionsOfLayout.apply(layoutId);
                    lastLayout = layoutId;
                }
                buffer = memberRecords.getBytes(position + INT_BYTES, length, buffer);
                final String goldenId = new String(buffer, 0, length, StandardCharsets.UTF_8);
                position += INT_BYTES + length;
                length = memberRecords.getInt(position);
                buffer = memberRecords.getBytes(position + INT_BYTES, length, buffer);
                if (!Arrays.equals(buffer, 0, length, systemBytes, 0, systemBytes.length)) {
                    systemBytes = Arrays.copyOf(buffer, length);
                    system = new String(systemBytes, StandardCharsets.UTF_8);
                }
                position += INT_BYTES + length;
                // the source id and the keys, in one array the member keeps
                final int sourceIdLength = memberRecords.getInt(position);
                final long sourceIdAt = position + INT_BYTES;
                memberRecords.requireInSegment(sourceIdAt, sourceIdLength);
                position = sourceIdAt + sourceIdLength;
                length = memberRecords.getInt(position);
                memberRecords.requireInSegment(position + INT_BYTES, length);
                final byte[] encoded = new byte[sourceIdLength + length];
                memberRecords.copyBytes(sourceIdAt, encoded, 0, sourceIdLength);
                memberRecords.copyBytes(position + INT_BYTES, encoded, sourceIdLength, length);
                found[i] = new StoredMember(memberIds[i], goldenId, system, encoded, sourceIdLength, positions);
            }
            keep(ahead);
            return found;
        } finally {
            access.readLock().unlock();
            giveBack(order);
        }
    }

    /**
     * A member's key layout and comparison keys as the index holds them, for working out its erasure ({@link ErasedKeys});
     * its keys null when the index holds no record of it (or that of a member erased before).
     */
    ErasedKeys.Member keysOf(final long memberId) {
        access.readLock().lock();
        try {
            long position = recordOf(memberId, highestMember + 1L);
            if (position < 0) {
                return new ErasedKeys.Member(memberId, 0, null);
            }
            final int layoutId = memberRecords.getInt(position);
            position += INT_BYTES;
            if (memberRecords.getInt(position) == 0) {
                return new ErasedKeys.Member(memberId, 0, null);
            }
            // past the golden id, the system and the source id, to the keys
            for (int text = 0; text < 3; text++) {
                position += INT_BYTES + memberRecords.getInt(position);
            }
            final int length = memberRecords.getInt(position);
            memberRecords.requireInSegment(position + INT_BYTES, length);
            return new ErasedKeys.Member(memberId, layoutId, new String(memberRecords.getBytes(position + INT_BYTES, length, new byte[length]), 0,
                    length, StandardCharsets.UTF_8));
        } finally {
            access.readLock().unlock();
        }
    }

    /**
     * The positions of the member numbers in ascending order of the numbers (null for a few, read as they come): the
     * members' offsets and records lie in the files in the order the members were numbered, so the reads go forward
     * through them (see {@link #inSlotOrder}). The order is a room of {@link #orders}, at least as long as the numbers:
     * the reader gives it back ({@link #giveBack}).
     */
    private long[] inIdOrder(final long[] memberIds) {
        if (memberIds.length < SORTED_LOOKUPS) {
            return null;
        }
        for (final long memberId : memberIds) {
            if (memberId < 0 || memberId > Integer.MAX_VALUE) {
                return null;
            }
        }
        final long[] order = orderRoom(memberIds.length);
        for (int i = 0; i < memberIds.length; i++) {
            order[i] = memberIds[i] << 32 | i;
        }
        return positionsOf(order, memberIds.length);
    }

    /**
     * Reads ahead the first two lines of the records of the members at the positions {@code from} to {@code to} of a
     * read (in its order), as {@link #readSlotsAhead} does the slots: the members a batch reads lie some 15 records apart, each
     * record on a page of its own. Gives the sum of what it read, for {@link #keep}; under the read lock.
     */
    private long readRecordsAhead(final long[] memberIds, final long[] order, final int from, final int to, final long known) {
        long found = 0;
        for (int next = from; next < to; next++) {
            final long memberId = memberIds[order == null ? next : (int) order[next]];
            final long offset = memberId <= 0 || memberId >= known ? 0 : memberOffsets.getLong(memberId * Long.BYTES);
            if (offset > 0 && offset <= memberBytes) {
                found += memberRecords.getInt(offset - 1);
                // the next line, where it lies in the records written and in the same segment (a record never crosses two)
                final long line = offset - 1 + 64;
                if (line + INT_BYTES <= memberBytes && line >>> MappedFile.SEGMENT_BITS == (offset - 1) >>> MappedFile.SEGMENT_BITS) {
                    found += memberRecords.getInt(line);
                }
            }
        }
        return found;
    }

    /** Where the record of a member starts among the member records, or -1 when the index has none. */
    private long recordOf(final long memberId, final long known) {
        if (memberId <= 0 || memberId >= known) {
            return -1;
        }
        final long offset = memberOffsets.getLong(memberId * Long.BYTES);
        if (offset > memberBytes) {
            throw new Damaged(MEMBER_OFFSETS + ": member " + memberId + "'s record lies past the records written");
        }
        return offset <= 0 ? -1 : offset - 1;
    }

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A member joins a block (under the write lock, from {@link KeyChanges#applyTo}). */
    @Override
    public void join(final long hash, final long member) {
        final LongConsumer hook = joining;
        if (hook != null) {
            hook.accept(hash);
        }
        final long slot = slotFor(stored(hash), true);
        final int count = slots.getInt(slot + 8);
        final int head = slots.getInt(slot + 12);
        if (count + 1L > EntityStore.MAXIMUM_LISTED_BLOCK) {
            slots.putInt(slot + 12, UNLISTED);
        } else if (count == 0) {
            slots.putInt(slot + 12, EMPTY);
            append(slot, member);
        } else if (head != UNLISTED) {
            append(slot, member);
        }
        setCount(slot, count + 1L);
    }

    /**
     * A member joins its blocks (under the write lock, from {@link KeyChanges#applyTo}), as {@link #join} one by one,
     * after the blocks' slots, then the lists of those listing members, were read once all together: each is at a random
     * place in hundreds of megabytes, so a join's reads miss the processor's caches, and a join is too short for the
     * processor to run ahead into the next join's reads. Read together, their misses overlap instead of following one
     * another; the joins then find them cached. What the reads found is kept in {@link #readAhead} (so that they are made).
     */
    @Override
    public void joinAll(final long[] hashes, final long member) {
        if (hashes.length > 1) {
            long found = 0;
            for (final long hash : hashes) {
                found += slots.getInt(start(stored(hash), mask) * SLOT_BYTES + 8);
            }
            for (final long hash : hashes) {
                // the list of the block's first slot, if it is the block's (a hint: a block further along its run is not read ahead)
                final long slot = start(stored(hash), mask) * SLOT_BYTES;
                final int list = slots.getLong(slot) == stored(hash) ? slots.getInt(slot + 12) : -1;
                if (list >= 0) {
                    found += lists.getInt((long) list * INT_BYTES);
                }
            }
            readAhead = found;
        }
        for (final long hash : hashes) {
            join(hash, member);
        }
    }

    /** A member leaves a block (under the write lock); a block nobody is in any more is let go ({@link #releaseIfUnused}). */
    @Override
    public void leave(final long hash, final long member) {
        final long slot = locate(stored(hash));
        if (slot < 0) {
            return;
        }
        if (growth != null) {
            growth.touch(stored(hash));
        }
        leftAt.put(hash, applyingSeq);
        setCount(slot, slots.getInt(slot + 8) - 1L);
        final int list = slots.getInt(slot + 12);
        if (list >= 0) {
            final long start = (long) list * INT_BYTES;
            final int length = lists.getInt(start);
            for (int i = 0; i < length; i++) {
                if (lists.getInt(start + (long) (i + 1) * INT_BYTES) == member) {
                    for (int j = i + 1; j < length; j++) {
                        lists.putInt(start + (long) j * INT_BYTES, lists.getInt(start + (long) (j + 1) * INT_BYTES));
                    }
                    lists.putInt(start + (long) length * INT_BYTES, 0);
                    lists.putInt(start, length - 1);
                    break;
                }
            }
        }
        releaseIfUnused(slot);
    }

    /**
     * Frees a slot that counts nobody and lists nobody, so that the table keeps no hash of a key nobody carries (a
     * customer erased on request, a value nobody holds any more): the slots after it in its run move up (backward-shift
     * deletion), so every other look-up still finds its key. Under the write lock.
     */
    private void releaseIfUnused(final long slot) {
        if (slots.getInt(slot + 8) != 0) {
            return;
        }
        final int list = slots.getInt(slot + 12);
        if (list >= 0 && lists.getInt((long) list * INT_BYTES) > 0) {
            return;
        }
        removeAt(slots, mask, slot / SLOT_BYTES, growth);
        size--;
    }

    /**
     * Blanks a member's number in a block's list (under the write lock, from {@link KeyChanges#applyTo}), as logged by
     * erasures of earlier versions: an erased member's place holds 0, which names nobody; the count and the other
     * members' places stay. (Erasures now make the member leave the block.)
     */
    @Override
    public void blank(final long hash, final long member) {
        final long slot = locate(stored(hash));
        if (slot < 0) {
            return;
        }
        final int list = slots.getInt(slot + 12);
        if (list < 0) {
            return;
        }
        final long start = (long) list * INT_BYTES;
        final int length = lists.getInt(start);
        for (int i = 1; i <= length; i++) {
            if (lists.getInt(start + (long) i * INT_BYTES) == member) {
                lists.putInt(start + (long) i * INT_BYTES, 0);
                return;
            }
        }
    }

    /** Adds to a counted key (under the write lock); a key first counted here lists no members; one counted down to 0 is let go. */
    @Override
    public void add(final long hash, final long delta) {
        final long slot = slotFor(stored(hash), false);
        setCount(slot, slots.getInt(slot + 8) + delta);
        releaseIfUnused(slot);
    }

    private void setCount(final long slot, final long count) {
        // a count is at most the records the store ever counted; an int holds two billion
        slots.putInt(slot + 8, (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, count)));
    }

    /** Appends a member to a slot's list, moving the list to a chunk twice its size when it is full. */
    private void append(final long slot, final long member) {
        // 0 is the blank an erased member left (kept when the index is built from a base)
        if (member < 0 || member > Integer.MAX_VALUE) {
            throw new EntityStoreException("The embedded store's key index holds member numbers up to " + Integer.MAX_VALUE
                    + "; the store has outgrown it: use the PostgreSQL entity store");
        }
        final int list = slots.getInt(slot + 12);
        if (list < 0) {
            final int created = allocate(1);
            lists.putInt((long) created * INT_BYTES, 1);
            lists.putInt((long) (created + 1) * INT_BYTES, (int) member);
            slots.putInt(slot + 12, created);
            return;
        }
        final long start = (long) list * INT_BYTES;
        final int length = lists.getInt(start);
        if (length == capacity(length)) {
            final int moved = allocate(length * 2);
            final long target = (long) moved * INT_BYTES;
            for (int i = 1; i <= length; i++) {
                lists.putInt(target + (long) i * INT_BYTES, lists.getInt(start + (long) i * INT_BYTES));
            }
            lists.putInt(target + (long) (length + 1) * INT_BYTES, (int) member);
            lists.putInt(target, length + 1);
            slots.putInt(slot + 12, moved);
            return;
        }
        lists.putInt(start + (long) (length + 1) * INT_BYTES, (int) member);
        lists.putInt(start, length + 1);
    }

    /** The members a list of this length has room for: the power of two at or above it (a list shortened by a leave has more). */
    private static int capacity(final int length) {
        return length <= 1 ? 1 : Integer.highestOneBit(length - 1) << 1;
    }

    /** Room for a list of {@code members}: its start, where its length goes. */
    private int allocate(final int members) {
        final long start = listInts;
        final long end = start + 1 + members;
        if (end > Integer.MAX_VALUE) {
            throw new EntityStoreException("The embedded store's key index is full; use the PostgreSQL entity store");
        }
        lists.ensure(end * INT_BYTES);
        listInts = end;
        return (int) start;
    }

    private static long stored(final long hash) {
        return hash == 0 ? ZERO_HASH : hash;
    }

    /** The slot where a hash's probe starts, in a table of {@code mask + 1} slots (package-private for tests). */
    static long start(final long hash, final long mask) {
        final long mixed = hash ^ (hash >>> 29) ^ (hash >>> 47);
        return mixed & mask;
    }

    /**
     * The positions of the hashes in the order of their first slots (null for a few, read as they come; under a lock).
     * The slot table is hundreds of megabytes for a million customers; probed in the order of the hashes, each look-up
     * lands on a page of its own, and finding the page costs a walk of the page tables that misses the CPU caches as
     * well. In the order of the slots, neighbouring look-ups share the page walk's upper levels and often the page.
     */
    private long[] inSlotOrder(final long[] hashes) {
        if (hashes.length < SORTED_LOOKUPS) {
            return null;
        }
        final long[] order = orderRoom(hashes.length);
        // the slot (its top 31 bits in a larger table: close enough) above the position
        final int coarser = Math.max(0, bits - 31);
        for (int i = 0; i < hashes.length; i++) {
            order[i] = start(stored(hashes[i]), mask) >>> coarser << 32 | i;
        }
        return positionsOf(order, hashes.length);
    }

    /** Sorts the first {@code length} values, which carry a position in their low 32 bits, and keeps the positions, in that order. */
    private static long[] positionsOf(final long[] packed, final int length) {
        Arrays.sort(packed, 0, length);
        for (int i = 0; i < length; i++) {
            packed[i] &= 0xFFFF_FFFFL;
        }
        return packed;
    }

    /** A room for an order of {@code length} values: one given back by an earlier read when it is long enough, else a new one. */
    private long[] orderRoom(final int length) {
        for (int room = 0; room < ORDER_ROOMS; room++) {
            final long[] kept = orders.getAndSet(room, null);
            if (kept != null) {
                // one too short is let go: the room made instead takes its place when given back
                return kept.length >= length ? kept : new long[length];
            }
        }
        return new long[length];
    }

    /** Gives a read's order back for the next read (none when null, or when the rooms are taken, or it is over the largest kept). */
    private void giveBack(final long[] order) {
        if (order == null || order.length > LARGEST_ORDER_ROOM) {
            return;
        }
        for (int room = 0; room < ORDER_ROOMS; room++) {
            if (orders.compareAndSet(room, null, order)) {
                return;
            }
        }
    }

    /** The byte offset of the hash's slot, or -1 when absent. */
    private long locate(final long hash) {
        final long found = probe(hash);
        return found >= 0 ? found : -1;
    }

    /** The byte offset of the hash's slot or, when absent, {@code -1 - } the offset of the free slot it would take. */
    private long probe(final long hash) {
        long index = start(hash, mask);
        while (true) {
            final long offset = index * SLOT_BYTES;
            final long found = slots.getLong(offset);
            if (found == hash) {
                return offset;
            }
            if (found == 0) {
                return -1 - offset;
            }
            index = (index + 1) & mask;
        }
    }

    /** The slot of a hash, taken (count 0, an empty list or none) when absent; the caller changes what it holds. */
    private long slotFor(final long hash, final boolean listed) {
        long found = probe(hash);
        if (growth != null) {
            growth.touch(hash);
        }
        if (found >= 0) {
            return found;
        }
        if ((size + 1) * 4 > (mask + 1) * 3) {
            // the doubling started at 5/8 is not done yet (or could not start): this change waits for it
            if (growth != null) {
                adoptGrowth(true);
            }
            if ((size + 1) * 4 > (mask + 1) * 3) {
                grow();
            }
            synchronousGrowths++;
            found = probe(hash);
        }
        final long offset = -1 - found;
        slots.putLong(offset, hash);
        slots.putInt(offset + 8, 0);
        slots.putInt(offset + 12, listed ? EMPTY : UNLISTED);
        size++;
        if (backgroundGrowth && growth == null && size * 8 > (mask + 1) * 5 && bits < MAXIMUM_BITS && bits != failedGrowthBits) {
            startGrowth();
            // the caller gives this slot its count and list after the builder started copying the table: remember it, or
            // a builder that copied it first (this thread descheduled right here) keeps it in the new table as it is now
            growth.touch(hash);
            final Runnable started = backgroundGrowthStarted;
            if (started != null) {
                started.run();
            }
        }
        return offset;
    }

    /** Doubles the table into a new file and drops the old one, on this thread. */
    private void grow() {
        if (bits >= MAXIMUM_BITS) {
            throw new EntityStoreException("The embedded store's key index is full; use the PostgreSQL entity store");
        }
        final Growth now = new Growth(directory, slots, bits, null, null);
        now.run();
        final Throwable failure = now.failure;
        if (failure != null) {
            now.discard();
            if (failure instanceof IOException e) {
                throw new UncheckedIOException("Could not grow the key index in " + directory, e);
            }
            if (failure instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) failure;
        }
        growth = now;
        adoptGrowth(false);
    }

    /**
     * Starts doubling the table on a background thread (at 5/8 load), so that no change waits for it: a doubling of
     * hundreds of megabytes takes seconds, most of it faulting in the pages of the new mapping. Changes go on being
     * applied to the table in use meanwhile, and each hash whose slot they change is remembered, to be put right in the
     * new table when it is taken ({@link #adoptGrowth}).
     */
    private void startGrowth() {
        growth = new Growth(directory, slots, bits, access, halfwayThroughGrowth);
        final Thread thread = new Thread(growth, "key-index-growth " + directory.getFileName());
        thread.setDaemon(true);
        growth.thread = thread;
        thread.start();
    }

    /**
     * Takes the doubled table once it is built (waiting for it when {@code wait}, else only when it is done): the
     * hashes whose slots changed since it was started are copied into it as they are now (or taken out of it when
     * gone), then it replaces the table in use, whose file is deleted. A build that failed is dropped (the table then
     * doubles on this thread at 3/4 load, and fails there as before). Under the write lock, after {@link #markChanging}.
     */
    private void adoptGrowth(final boolean wait) {
        final Growth built = growth;
        if (built == null || !wait && !built.done) {
            return;
        }
        growth = null;
        built.awaitDone();
        if (built.failure != null) {
            built.discard();
            failedGrowthBits = bits;
            return;
        }
        final MappedFile grown = built.table;
        final long grownMask = (1L << built.bits) - 1;
        copyTouched(slots, mask, grown, grownMask, built.touched, built.caughtUp, built.touchedCount);
        final Path oldFile = directory.resolve(SLOTS + bits);
        slots.close();
        slots = grown;
        bits = built.bits;
        mask = grownMask;
        try {
            Files.deleteIfExists(oldFile);
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not grow the key index in " + directory, e);
        }
    }

    /** Stops a background doubling and deletes what it wrote (the index closes or is emptied). Under the write lock. */
    private void stopGrowth() {
        if (growth != null) {
            growth.cancelled = true;
            growth.awaitDone();
            growth.discard();
            growth = null;
        }
    }

    /**
     * Copies the slots of hashes from one table into another as they are in the first: put there, over the slot they
     * have in the other, or taken out of the other when the first has none.
     */
    private static void copyTouched(final MappedFile from, final long fromMask, final MappedFile to, final long toMask, final long[] hashes,
                                    final int start, final int end) {
        for (int i = start; i < end; i++) {
            final long hash = hashes[i];
            final long slot = locateIn(from, fromMask, hash);
            if (slot >= 0) {
                upsert(to, toMask, hash, from.getLong(slot + 8));
            } else {
                final long gone = locateIn(to, toMask, hash);
                if (gone >= 0) {
                    removeAt(to, toMask, gone / SLOT_BYTES, null);
                }
            }
        }
    }

    /** Puts a slot (its hash, count and list) into a table, over the slot the hash has there if any. */
    private static void upsert(final MappedFile table, final long tableMask, final long hash, final long countAndList) {
        long index = start(hash, tableMask);
        while (true) {
            final long offset = index * SLOT_BYTES;
            final long found = table.getLong(offset);
            if (found == hash || found == 0) {
                table.putLong(offset, hash);
                table.putLong(offset + 8, countAndList);
                return;
            }
            index = (index + 1) & tableMask;
        }
    }

    /** The byte offset of the hash's slot in a table, or -1 when absent. */
    private static long locateIn(final MappedFile table, final long tableMask, final long hash) {
        long index = start(hash, tableMask);
        while (true) {
            final long offset = index * SLOT_BYTES;
            final long found = table.getLong(offset);
            if (found == hash) {
                return offset;
            }
            if (found == 0) {
                return -1;
            }
            index = (index + 1) & tableMask;
        }
    }

    /**
     * Frees a slot of a table: the slots after it in its run move up (backward-shift deletion), so every other look-up
     * still finds its key. The hashes moved are remembered by the growth, when one is given (their slots changed).
     */
    private static void removeAt(final MappedFile table, final long tableMask, final long slot, final Growth moves) {
        long hole = slot;
        long index = (hole + 1) & tableMask;
        while (true) {
            final long offset = index * SLOT_BYTES;
            final long hash = table.getLong(offset);
            if (hash == 0) {
                break;
            }
            // a key may fill the hole unless its probe starts after the hole (cyclically), where a look-up would miss it
            if (((index - start(hash, tableMask)) & tableMask) >= ((index - hole) & tableMask)) {
                if (moves != null) {
                    moves.touch(hash);
                }
                table.putLong(hole * SLOT_BYTES, hash);
                table.putLong(hole * SLOT_BYTES + 8, table.getLong(offset + 8));
                hole = index;
            }
            index = (index + 1) & tableMask;
        }
        table.putLong(hole * SLOT_BYTES, 0);
        table.putLong(hole * SLOT_BYTES + 8, 0);
    }

    /**
     * A doubling of the slot table: a new file of twice the slots, filled from the table in use. Run on a background
     * thread, it reads that table while changes are applied to it, without a lock: a slot read while it changes (or
     * moved by a backward shift, so read twice or not at all) is right after {@link #adoptGrowth} has copied every
     * hash the writer {@link #touch touched} since the start; a slot nobody touched is read as it was when the thread
     * was started. Hence every change to a slot of the table in use remembers its hash while a growth exists.
     * <p>
     * Those hashes are a million or more when a table of 2^24 slots doubles (the change taking the new table spent
     * 0.6 s copying them when it copied them all), so the thread first copies those touched while it filled the table,
     * again without the lock, and the writer copies only the ones touched after that. A hash the thread reads while a
     * change moves or changes its slot is touched again, hence copied again; one nobody touched since the thread took
     * its number under the read lock stays where it is, and a look-up of it meets no slot being freed (a backward
     * shift frees a slot past it or before its start).
     */
    private static final class Growth implements Runnable {
        private final Path directory;
        private final MappedFile from;
        private final int fromBits;
        private final int bits;
        private final Runnable halfway;
        /** The index's lock (taken to read what was touched), or null for a doubling on the writer's thread. */
        private final ReadWriteLock access;
        /** The new table, once the thread has created it. */
        private MappedFile table;
        private Thread thread;
        private volatile boolean cancelled;
        private volatile boolean done;
        private volatile Throwable failure;
        /** The hashes whose slots changed since the start (repeats and all), kept by the writer only. */
        private long[] touched = new long[1024];
        private int touchedCount;
        /** The touched hashes the thread copied into the new table (the first ones); read by the writer once done. */
        private int caughtUp;
        /** Set by a writer about to wait for the thread: it copies the touched hashes left itself. */
        private volatile boolean stopCatchingUp;

        Growth(final Path directory, final MappedFile from, final int fromBits, final ReadWriteLock access, final Runnable halfway) {
            this.directory = directory;
            this.from = from;
            this.fromBits = fromBits;
            this.bits = fromBits + 1;
            this.access = access;
            this.halfway = halfway;
        }

        /** Remembers a hash whose slot the writer changes (under the write lock). */
        void touch(final long hash) {
            if (touchedCount == touched.length) {
                touched = Arrays.copyOf(touched, touched.length * 2);
            }
            touched[touchedCount++] = hash;
        }

        @Override
        public void run() {
            try {
                final Path file = directory.resolve(SLOTS + bits);
                Files.deleteIfExists(file);
                table = new MappedFile(file);
                table.ensure((long) SLOT_BYTES << bits);
                final long tableMask = (1L << bits) - 1;
                final long end = (long) SLOT_BYTES << fromBits;
                for (long offset = 0; offset < end; offset += SLOT_BYTES) {
                    if ((offset & 0xFFFF) == 0) {
                        if (cancelled) {
                            return;
                        }
                        if (offset == end / 2 && halfway != null) {
                            halfway.run();
                        }
                    }
                    final long hash = from.getLong(offset);
                    if (hash != 0) {
                        upsert(table, tableMask, hash, from.getLong(offset + 8));
                    }
                }
                catchUp(tableMask);
            } catch (final IOException | RuntimeException | Error e) {
                failure = e;
            } catch (final InterruptedException e) {
                failure = e;
                Thread.currentThread().interrupt();
            } finally {
                done = true;
            }
        }

        /**
         * Copies the hashes touched so far into the new table, and again those touched while it did, a few rounds, until
         * few are left for the writer.
         */
        private void catchUp(final long tableMask) throws InterruptedException {
            if (access == null) {
                return;
            }
            final long fromMask = (1L << fromBits) - 1;
            for (int round = 0; round < CATCH_UP_ROUNDS; round++) {
                final long[] hashes;
                final int end;
                // a writer waiting for this thread holds the write lock: only try the read lock, and give up when told
                while (!access.readLock().tryLock(1, TimeUnit.MILLISECONDS)) {
                    if (stopCatchingUp || cancelled) {
                        return;
                    }
                }
                try {
                    hashes = touched;
                    end = touchedCount;
                } finally {
                    access.readLock().unlock();
                }
                if (end - caughtUp <= CATCH_UP_LEFT || stopCatchingUp || cancelled) {
                    return;
                }
                copyTouched(from, fromMask, table, tableMask, hashes, caughtUp, end);
                caughtUp = end;
            }
        }

        /** Waits until the thread (if one runs it) is done. */
        void awaitDone() {
            if (thread == null) {
                return;
            }
            stopCatchingUp = true;
            boolean interrupted = false;
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (final InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** Closes and deletes the new table's file (once the thread is done). */
        void discard() {
            if (table != null) {
                table.close();
                table = null;
            }
            try {
                Files.deleteIfExists(directory.resolve(SLOTS + bits));
            } catch (final IOException ignored) {
                // a stray file of a larger table is deleted by the next doubling, or when the index is emptied
            }
        }
    }

    /** Before the first change after a clean point, the header says the files are being changed. */
    private void markChanging() {
        if (clean) {
            writeHeader(null);
            clean = false;
        }
    }

    /** Writes the header: {@code checksums} those of the files written back for a clean close, null while they are changed. */
    private void writeHeader(final Checksums checksums) {
        final ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.putLong(MAGIC).putInt(VERSION).putInt(checksums != null ? 1 : 0).putInt(bits).putInt(highestMember).putLong(size).putLong(listInts)
                .putLong(appliedSeq).putLong(appliedChecksum).putLong(memberBytes);
        if (checksums != null) {
            header.putLong(checksums.slots()).putLong(checksums.lists()).putLong(checksums.memberOffsets()).putLong(checksums.memberRecords());
        }
        header.putLong(HEADER_BYTES - Long.BYTES, Header.headerChecksum(header));
        header.clear();
        try {
            while (header.hasRemaining()) {
                headerChannel.write(header, header.position());
            }
            headerChannel.force(true);
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not write the key index header in " + directory, e);
        }
    }

    /** Writes everything back and marks the index clean; it stays open. */
    void flush() {
        access.writeLock().lock();
        try {
            if ((!clean || checksumsOutdated) && slots != null) {
                slots.force();
                lists.force();
                memberOffsets.force();
                memberRecords.force();
                writeHeader(Checksums.of(SLOTS + bits, file -> mapped(file).checksum(usedBytes(file))));
                clean = true;
                checksumsOutdated = false;
            }
        } finally {
            access.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        close(true);
    }

    /**
     * Closes the index; {@code writeBack} false leaves its files as they are, so an index whose last change may be half
     * applied (its header says it is being changed) is built again when next opened instead of being marked clean.
     */
    void close(final boolean writeBack) {
        try {
            if (writeBack) {
                flush();
            }
        } finally {
            access.writeLock().lock();
            try {
                closeFiles();
                closeQuietly(headerChannel);
                try {
                    lock.release();
                } catch (final IOException ignored) {
                    // the channel's close releases it too
                }
                closeQuietly(lockChannel);
            } finally {
                access.writeLock().unlock();
            }
        }
    }

    private void closeFiles() {
        stopGrowth();
        if (slots != null) {
            slots.close();
            slots = null;
        }
        if (lists != null) {
            lists.close();
            lists = null;
        }
        if (memberOffsets != null) {
            memberOffsets.close();
            memberOffsets = null;
        }
        if (memberRecords != null) {
            memberRecords.close();
            memberRecords = null;
        }
    }

    private static void closeQuietly(final FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (final IOException ignored) {
                // nothing left to do
            }
        }
    }

    /**
     * What the index's files hold contradicts itself (a length or an offset past what was written): the files were
     * damaged outside the store (a disk, a copy). Never thrown for an index the store wrote and closed, nor half-written
     * (that one is built again when opened).
     */
    static final class Damaged extends RuntimeException {
        Damaged(final String message) {
            super(message);
        }
    }

    /**
     * A file mapped privately in segments of 64 MB, grown on demand (sparse until written): reads see the file and the
     * changes made; the changes reach the file when {@link #force()} writes back the chunks of 64 KB they touched.
     */
    private static final class MappedFile {
        private static final int SEGMENT_BITS = 26;
        private static final long SEGMENT_MASK = (1L << SEGMENT_BITS) - 1;
        static final long SEGMENT_BYTES = 1L << SEGMENT_BITS;
        private static final int CHUNK_BITS = 16;
        private static final int CHUNKS_PER_SEGMENT = 1 << (SEGMENT_BITS - CHUNK_BITS);

        private final Path file;
        private final FileChannel channel;
        private MappedByteBuffer[] segments = new MappedByteBuffer[0];
        /** Per chunk of 64 KB, whether it changed since it was last written back. */
        private boolean[] dirty = new boolean[0];
        /** The bytes preloaded and checksummed (for tests). */
        private long read;

        MappedFile(final Path file) {
            this.file = file;
            try {
                this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                ensure(channel.size());
            } catch (final IOException e) {
                throw new UncheckedIOException("Could not map " + file, e);
            }
        }

        void ensure(final long bytes) {
            final int needed = (int) ((bytes + SEGMENT_MASK) >>> SEGMENT_BITS);
            if (needed <= segments.length) {
                return;
            }
            final MappedByteBuffer[] grown = Arrays.copyOf(segments, needed);
            try {
                // a private mapping does not extend its file: the file is extended first (sparse), or reading past its end would fail
                final long length = (long) needed << SEGMENT_BITS;
                if (channel.size() < length) {
                    channel.write(ByteBuffer.wrap(new byte[1]), length - 1);
                }
                for (int segment = segments.length; segment < needed; segment++) {
                    grown[segment] = channel.map(FileChannel.MapMode.PRIVATE, (long) segment << SEGMENT_BITS, 1L << SEGMENT_BITS);
                }
            } catch (final IOException e) {
                throw new UncheckedIOException("Could not map " + file, e);
            }
            segments = grown;
            dirty = Arrays.copyOf(dirty, needed * CHUNKS_PER_SEGMENT);
        }

        long getLong(final long offset) {
            return segments[(int) (offset >>> SEGMENT_BITS)].getLong((int) (offset & SEGMENT_MASK));
        }

        void putLong(final long offset, final long value) {
            segments[(int) (offset >>> SEGMENT_BITS)].putLong((int) (offset & SEGMENT_MASK), value);
            dirty[(int) (offset >>> CHUNK_BITS)] = true;
            dirty[(int) ((offset + Long.BYTES - 1) >>> CHUNK_BITS)] = true;
        }

        int getInt(final long offset) {
            return segments[(int) (offset >>> SEGMENT_BITS)].getInt((int) (offset & SEGMENT_MASK));
        }

        void putInt(final long offset, final int value) {
            segments[(int) (offset >>> SEGMENT_BITS)].putInt((int) (offset & SEGMENT_MASK), value);
            dirty[(int) (offset >>> CHUNK_BITS)] = true;
            dirty[(int) ((offset + Integer.BYTES - 1) >>> CHUNK_BITS)] = true;
        }

        /** The bytes mapped (the file's size, in whole segments). */
        long size() {
            return (long) segments.length << SEGMENT_BITS;
        }

        /** Writes bytes that lie within one segment (a member record never crosses two). */
        void putBytes(final long offset, final byte[] bytes) {
            segments[(int) (offset >>> SEGMENT_BITS)].put((int) (offset & SEGMENT_MASK), bytes);
            Arrays.fill(dirty, (int) (offset >>> CHUNK_BITS), (int) ((offset + Math.max(1, bytes.length) - 1) >>> CHUNK_BITS) + 1, true);
        }

        /**
         * Fails with {@link Damaged} unless {@code length} bytes from {@code offset} lie in one mapped segment, as every
         * record written does: a length read from a damaged file is found out before anything is allocated for it.
         */
        void requireInSegment(final long offset, final int length) {
            if (length < 0 || offset < 0 || (offset >>> SEGMENT_BITS) >= segments.length || (offset & SEGMENT_MASK) + length > SEGMENT_BYTES) {
                throw new Damaged(file.getFileName() + ": " + length + " bytes at " + offset + " do not lie in one segment of the file");
            }
        }

        /** Reads bytes that lie within one segment into the buffer (a larger one when it is too small), and returns it. */
        byte[] getBytes(final long offset, final int length, final byte[] buffer) {
            requireInSegment(offset, length);
            final byte[] into = buffer.length >= length ? buffer : new byte[Math.max(length, buffer.length * 2)];
            segments[(int) (offset >>> SEGMENT_BITS)].get((int) (offset & SEGMENT_MASK), into, 0, length);
            return into;
        }

        /** Copies bytes that lie within one segment into {@code into} from {@code at}. */
        void copyBytes(final long offset, final byte[] into, final int at, final int length) {
            requireInSegment(offset, length);
            segments[(int) (offset >>> SEGMENT_BITS)].get((int) (offset & SEGMENT_MASK), into, at, length);
        }

        /** Reads the file's first {@code used} bytes into memory (the pages they lie in). */
        void load(final long used) {
            for (int segment = 0; segment < segments.length && ((long) segment << SEGMENT_BITS) < used; segment++) {
                segments[segment].slice(0, inSegment(segment, used)).load();
            }
            read += Math.min(used, size());
        }

        /**
         * The CRC32C of the file's first {@code used} bytes as mapped (the file's bytes and the changes made since it was
         * last written back; at most the whole file as mapped).
         */
        long checksum(final long used) {
            final CRC32C crc = new CRC32C();
            for (int segment = 0; segment < segments.length && ((long) segment << SEGMENT_BITS) < used; segment++) {
                crc.update(segments[segment].slice(0, inSegment(segment, used)));
            }
            read += Math.min(used, size());
            return crc.getValue();
        }

        /** The bytes of a segment among the file's first {@code used}. */
        private static int inSegment(final int segment, final long used) {
            return (int) Math.min(SEGMENT_BYTES, used - ((long) segment << SEGMENT_BITS));
        }

        /** Writes the changed chunks back to the file (neighbouring ones in one write) and syncs it. */
        void force() {
            try {
                for (int chunk = 0; chunk < dirty.length; chunk++) {
                    if (!dirty[chunk]) {
                        continue;
                    }
                    // a run of changed chunks within one segment
                    final int segment = chunk / CHUNKS_PER_SEGMENT;
                    int end = chunk;
                    while (end < dirty.length && dirty[end] && end / CHUNKS_PER_SEGMENT == segment) {
                        dirty[end++] = false;
                    }
                    final int from = (chunk % CHUNKS_PER_SEGMENT) << CHUNK_BITS;
                    final ByteBuffer changed = segments[segment].slice(from, (end - chunk) << CHUNK_BITS);
                    long position = ((long) segment << SEGMENT_BITS) + from;
                    while (changed.hasRemaining()) {
                        position += channel.write(changed, position);
                    }
                    chunk = end - 1;
                }
                channel.force(false);
            } catch (final IOException e) {
                throw new UncheckedIOException("Could not write back " + file, e);
            }
        }

        void close() {
            segments = new MappedByteBuffer[0];
            try {
                channel.close();
            } catch (final IOException ignored) {
                // the mappings stay valid until collected; nothing is lost
            }
        }
    }
}
