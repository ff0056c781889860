package inferlab.task;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writing a result file whole, or not at all. */
final class AtomicFile {
    private AtomicFile() {}

    /**
     * Writes {@code text} (UTF-8) into a new file beside {@code file}, renamed over it, creating parent directories:
     * a write cut off leaves the earlier file whole, and a symbolic link at {@code file} is replaced, never written
     * through to a file elsewhere.
     */
    static void write(Path file, CharSequence text) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path partial = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".partial");
        try {
            Files.writeString(partial, text, StandardCharsets.UTF_8);
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
