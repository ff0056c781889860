package inferlab.task;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/** Writing a result file whole, or not at all. */
public final class AtomicFile {
    private AtomicFile() {}

    /**
     * Writes {@code text} (UTF-8) into a new file beside {@code file}, renamed over it, creating parent directories:
     * a write cut off leaves the earlier file whole, and a symbolic link at {@code file} is replaced, never written
     * through to a file elsewhere.
     */
    public static void write(Path file, CharSequence text) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        // a temporary file is private (rw-------) by default; the result is an ordinary file others may read
        FileAttribute<?>[] readable = absolute.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"))}
                : new FileAttribute<?>[0];
        Path partial = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".partial", readable);
        try {
            Files.writeString(partial, text, StandardCharsets.UTF_8);
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
