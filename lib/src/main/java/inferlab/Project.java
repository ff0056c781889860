package inferlab;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's files are, and the switches every notebook reads. */
public final class Project {
    private Project() {}

    /**
     * The repository root: {@code INFERLAB_HOME} if set, else the nearest directory at or above the working
     * directory that holds both {@code pom.xml} and {@code lib/} (notebooks run from {@code notebooks/}).
     */
    public static Path home() {
        String env = System.getenv("INFERLAB_HOME");
        if (env != null && !env.isBlank()) return Path.of(env).toAbsolutePath();
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("lib"))) return p;
        }
        throw new IllegalStateException(
                "cannot find the InferLab checkout above " + Path.of("").toAbsolutePath() + "; set INFERLAB_HOME");
    }

    /** {@code data/} under the repository root. */
    public static Path data() {
        return home().resolve("data");
    }

    /** True when {@code INFERLAB_QUICK} is set to anything but 0/false: notebooks shrink sample counts. */
    public static boolean quick() {
        String q = System.getenv("INFERLAB_QUICK");
        return q != null && !q.isBlank() && !q.equals("0") && !q.equalsIgnoreCase("false");
    }

    /** {@code n} normally, {@code quickN} in quick mode. */
    public static int size(int n, int quickN) {
        return quick() ? quickN : n;
    }
}
