package inferlab.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The OS layer of the sandbox: a command prefix that runs the child JVM with Linux isolation, where the
 * tools exist and are permitted. Each layer is probed once by running {@code true} under it.
 *
 * <ul>
 *   <li>{@code unshare -m -n -p -f --kill-child --mount-proc} (as root; {@code -r} adds a user namespace
 *       otherwise): an empty network namespace, so no socket reaches anything, not even loopback; a PID
 *       namespace whose init is the JVM, so every process the snippet might start dies with it, with its own
 *       {@code /proc}, so the host's processes are invisible; a private mount namespace in which every mount
 *       is remounted read-only, so no file can be created or changed anywhere.</li>
 *   <li>{@code setpriv} to an unprivileged uid/gid with no account, a fresh one per child, only when the
 *       parent is root: the child cannot write any file the parent owns, and {@code RLIMIT_NPROC} (ignored for
 *       root) caps its threads and processes. The cap counts per uid across the machine, so a shared uid would
 *       let a thread bomb in one sandbox starve every other sandbox's JVM.</li>
 *   <li>{@code prlimit}: CPU seconds (a backstop behind the wall-clock timeout), file size 0 (no file
 *       writes at all), no core dumps, and the process cap above.</li>
 * </ul>
 *
 * <p>Not covered: reading world-readable files (the child can still read them; {@link SnippetPolicy}
 * keeps snippets from the file APIs), memory beyond the JVM's own caps ({@code RLIMIT_AS} breaks the JVM's
 * address-space reservations). On a system without these tools the prefix is empty, {@link CodeInterpreter}
 * warns once, and the other layers still apply.
 */
public record OsSandbox(List<String> namespaces, boolean readOnlyMounts, boolean dropUser, boolean prlimit) {

    /**
     * Runs inside the new mount namespace before the JVM: every mount read-only, then exec the rest. The mounts file
     * writes a space, tab, newline or backslash in a mount point as an octal escape ({@code \040}); printf's %b
     * decodes it (the x keeps a trailing newline from the command substitution), else such a mount stayed writable.
     */
    private static final String READ_ONLY_SCRIPT = "while read -r _ m _; do m=$(printf '%bx' \"$m\"); "
            + "mount -o remount,bind,ro \"${m%x}\" 2>/dev/null; done < /proc/self/mounts; exec \"$@\"";

    /** Children run as uid/gid {@code FIRST_UID + k}, k drawn at random below {@code UIDS}: ids no account uses. */
    static final int FIRST_UID = 2_000_000;
    static final int UIDS = 1_000_000;
    /** Threads plus processes a child may have: its JVM needs about 20. */
    static final int MAX_PROCESSES = 128;

    /** Probes which layers work here. */
    public static OsSandbox detect() {
        List<String> ns = List.of();
        search:
        for (boolean userNamespace : new boolean[] {false, true}) {
            for (boolean ownProc : new boolean[] {true, false}) { // without --mount-proc where it is refused
                if (works(namespaces(userNamespace, ownProc), "true")) {
                    ns = namespaces(userNamespace, ownProc);
                    break search;
                }
            }
        }
        boolean drop = works(setpriv(FIRST_UID), "true");
        return new OsSandbox(ns, !ns.isEmpty() && readOnlyWorks(ns), drop, works(List.of("prlimit", "--core=0", "--"), "true"));
    }

    private static List<String> setpriv(int uid) {
        return List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--no-new-privs");
    }

    private static List<String> namespaces(boolean userNamespace, boolean ownProc) {
        List<String> cmd = new ArrayList<>(List.of("unshare", "-m", "-n", "-p", "-f", "--kill-child", "--propagation", "private"));
        if (userNamespace) cmd.add(1, "-r");
        if (ownProc) cmd.add("--mount-proc");
        cmd.addAll(List.of("sh", "-c", READ_ONLY_SCRIPT, "sh"));
        return List.copyOf(cmd);
    }

    /** Whether a file write inside the namespaces really fails (remounts can be refused in containers). */
    private static boolean readOnlyWorks(List<String> ns) {
        try {
            Path dir = Files.createTempDirectory("inferlab-ro-probe");
            Path probe = dir.resolve("probe");
            boolean refused = !works(ns, "touch", probe.toString()) && !Files.exists(probe);
            Files.deleteIfExists(probe);
            Files.delete(dir);
            return refused;
        } catch (IOException e) {
            return false;
        }
    }

    /** No OS isolation at all (tests use it to exercise the other layers alone). */
    public static OsSandbox none() {
        return new OsSandbox(List.of(), false, false, false);
    }

    /** The prefix to put before the java command. */
    public List<String> prefix(int cpuSeconds) {
        List<String> cmd = new ArrayList<>(namespaces);
        if (dropUser) cmd.addAll(setpriv(FIRST_UID + java.util.concurrent.ThreadLocalRandom.current().nextInt(UIDS)));
        if (prlimit) {
            cmd.addAll(List.of("prlimit", "--cpu=" + cpuSeconds, "--fsize=0", "--core=0"));
            if (dropUser) cmd.add("--nproc=" + MAX_PROCESSES);
            cmd.add("--");
        }
        return cmd;
    }

    /** True when snippets cannot open network connections (empty network namespace). */
    public boolean isolatesNetwork() {
        return !namespaces.isEmpty();
    }

    /** True when {@code /proc} shows only the sandbox's own processes. */
    public boolean ownProc() {
        return namespaces.contains("--mount-proc");
    }

    /** True when snippets cannot create or change files (all mounts read-only in their namespace). */
    public boolean blocksFileWrites() {
        return readOnlyMounts;
    }

    /** One line per active layer, for reports and the notebook. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        if (!namespaces.isEmpty()) {
            out.add("own network, PID and mount namespaces (unshare), "
                    + (ownProc() ? "with their own /proc" : "but the host's /proc (--mount-proc refused)"));
        }
        if (readOnlyMounts) out.add("every mount read-only");
        if (dropUser) out.add("unprivileged user: a fresh uid per snippet, at most " + MAX_PROCESSES + " threads/processes");
        if (prlimit) out.add("rlimits: CPU seconds, file size 0, no core dumps");
        if (out.isEmpty()) out.add("no OS isolation available: bytecode allowlist and JVM limits only");
        return out;
    }

    /** Whether the command, run under the prefix, exits with 0 within 20 s (remounting is slow on a busy machine). */
    static boolean works(List<String> prefix, String... command) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
