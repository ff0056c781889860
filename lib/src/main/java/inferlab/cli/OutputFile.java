package inferlab.cli;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * A file a command writes its result to ({@code --out FILE}), checked before any work so that a run never ends by
 * destroying a file it did not write: the path must be new, or a regular file that {@code ours} recognizes as an
 * earlier result of the same command (a symbolic link, a directory or any other file is refused).
 */
final class OutputFile {
    private OutputFile() {}

    /** Fails, naming the problem, unless {@code file} may be written; {@code option} names it in the message. */
    static Path claim(String option, Path file, Predicate<Path> ours) {
        Path parent = file.toAbsolutePath().getParent();
        for (Path p = parent; p != null; p = p.getParent()) { // the nearest existing ancestor must be a directory
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) throw new IllegalArgumentException(option + " " + file + ": " + p + " is not a directory");
                break;
            }
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return file;
        if (Files.isDirectory(file)) throw new IllegalArgumentException(option + " " + file + " is a directory: name a file");
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !ours.test(file)) {
            throw new IllegalArgumentException(option + " " + file + " exists and this command did not write it:"
                    + " move it away or choose another " + option);
        }
        return file;
    }
}
