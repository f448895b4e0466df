package io.ticketflow.devstack;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The embedded store's file: an append-only sequence of frames, one per write command, each holding the
 * command's effects as BSON ({@code {e: [entry, …]}}). A frame is {@code [int length][int crc32c][bson]}. The last
 * frame, cut short by a crash or failing its checksum, is cut off on the next open, so a write is either wholly in
 * the file or not at all; a damaged frame with more frames behind it keeps the store from opening instead of
 * dropping them.
 * <p>
 * A frame is written with one {@code write} before the command is answered: the OS keeps it when the process is
 * killed ({@code kill -9}); a power loss is out of scope for a dev stack, as it was with H2's file. Hand-made
 * because no library journals mongo-java-server's in-memory backend; the format is the wire codec's BSON.
 */
final class StoreJournal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoreJournal.class);
    private static final int HEADER = 8;
    /** Larger than any single document MongoDB accepts (16 MiB) plus a frame's overhead. */
    private static final int MAX_FRAME = 64 * 1024 * 1024;

    private final Path file;
    private FileChannel channel;
    private long size;

    private StoreJournal(Path file, FileChannel channel, long size) {
        this.file = file;
        this.channel = channel;
        this.size = size;
    }

    /**
     * Opens {@code file} (created if missing), hands every whole frame to {@code replay} in order and cuts off a
     * torn tail, so appends continue after the last whole frame.
     */
    static StoreJournal open(Path file, Consumer<Document> replay) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        long whole;
        try {
            whole = readFrames(file, channel, replay);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (whole < channel.size()) {
            log.warn("store journal {}: {} bytes after the last whole write cut off (a write interrupted by a crash, "
                    + "never answered)", file, channel.size() - whole);
            channel.truncate(whole);
        }
        channel.position(whole);
        return new StoreJournal(file, channel, whole);
    }

    private static long readFrames(Path file, FileChannel channel, Consumer<Document> replay) throws IOException {
        long position = 0;
        long end = channel.size();
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        while (end - position >= HEADER) {
            header.clear();
            readFully(channel, header, position);
            header.flip();
            int length = header.getInt();
            int crc = header.getInt();
            if (length <= 0 || length > MAX_FRAME || end - position - HEADER < length) {
                break;
            }
            ByteBuffer body = ByteBuffer.allocate(length);
            readFully(channel, body, position + HEADER);
            if (checksum(body.array(), length) != crc) {
                if (position + HEADER + length < end) {
                    // a crash tears only the last write: a damaged frame with writes after it is corruption, and
                    // cutting it off would drop every acknowledged write behind it
                    throw new IOException("store journal " + file + " is damaged at byte " + position + " with "
                            + (end - position - HEADER - length) + " bytes of later writes behind it; the store "
                            + "does not open rather than drop them (move the file aside to start empty)");
                }
                break;
            }
            replay.accept(BsonDecoder.decodeBson(Unpooled.wrappedBuffer(body.array())));
            position += HEADER + length;
        }
        return position;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of the store journal");
            }
        }
    }

    /** Appends one frame holding {@code entries}: one {@code write}, done before the command is answered. */
    synchronized void append(List<Document> entries) {
        try {
            size += write(channel, entries);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the store journal " + file, e);
        }
    }

    /** An entry: a document inserted or changed, whole as it is now. */
    static Document put(String database, String collection, Document document) {
        return new Document("o", "p").append("d", database).append("c", collection).append("v", document);
    }

    /** An entry: the document with this id removed. */
    static Document removed(String database, String collection, Object id) {
        return new Document("o", "r").append("d", database).append("c", collection).append("i", id);
    }

    /** An entry: a command that changed structure (collections, indexes), replayed by running it again. */
    static Document command(String database, String name, Document command) {
        return new Document("o", "c").append("d", database).append("n", name).append("q", command);
    }

    /** Bytes in the journal. */
    synchronized long size() {
        return size;
    }

    /**
     * Replaces the journal with what {@code snapshot} writes (a frame per call of the writer it is given), through a
     * new file that is forced to disk and moved over the old one, so a crash leaves either journal whole.
     */
    synchronized void rewrite(Consumer<Consumer<List<Document>>> snapshot) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        long written;
        try (FileChannel out = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long[] bytes = {0};
            snapshot.accept(entries -> {
                try {
                    bytes[0] += write(out, entries);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            out.force(true);
            written = bytes[0];
        }
        channel.close();
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(file.toAbsolutePath().getParent());
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        channel.position(written);
        size = written;
    }

    private static long write(FileChannel out, List<Document> entries) throws IOException {
        ByteBuf bson = Unpooled.buffer(256);
        try {
            BsonEncoder.encodeDocument(new Document("e", entries), bson);
            int length = bson.readableBytes();
            ByteBuffer frame = ByteBuffer.allocate(HEADER + length);
            frame.putInt(length);
            byte[] body = new byte[length];
            bson.readBytes(body);
            frame.putInt(checksum(body, length));
            frame.put(body);
            frame.flip();
            while (frame.hasRemaining()) {
                out.write(frame);
            }
            return HEADER + length;
        } finally {
            bson.release();
        }
    }

    private static int checksum(byte[] body, int length) {
        CRC32C crc = new CRC32C();
        crc.update(body, 0, length);
        return (int) crc.getValue();
    }

    /** Makes the rename itself durable (Linux allows forcing a directory opened for reading). */
    private static void forceDirectory(Path dir) {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException | RuntimeException notSupported) {
            log.debug("could not force directory {}: {}", dir, notSupported.toString());
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
