package inferlab.cli;

import java.io.PrintStream;
import java.util.Arrays;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bench <name>}: runs one benchmark; each is a subcommand listed here. */
@picocli.CommandLine.Command(name = "bench", description = "Runs one benchmark (--json for JSON, else a table).",
        subcommands = {DecodeBenchCommand.class, BeamBenchCommand.class, ServeBenchCommand.class, KvBenchCommand.class,
            SpeculativeBenchCommand.class, PeerBenchCommand.class, TrainBenchCommand.class})
public final class Bench implements Command {
    @Spec
    CommandSpec spec;

    @Override
    public void run(PrintStream out) {
        throw new IllegalArgumentException("bench needs a name: " + String.join(", ", spec.subcommands().keySet()));
    }

    /** The Python of the peer venv that {@code environment/setup-peer.sh} makes; an error if it is missing. */
    static java.nio.file.Path peerPython() {
        java.nio.file.Path python = inferlab.Project.home().resolve("build/peer-venv/bin/python");
        if (!java.nio.file.Files.isExecutable(python)) {
            throw new IllegalArgumentException("no peer environment at " + python + ": run environment/setup-peer.sh");
        }
        return python;
    }

    /** Formats rows as a fixed-width text table. */
    static String table(String[] header, Object[][] rows) {
        int[] w = Arrays.stream(header).mapToInt(String::length).toArray();
        for (Object[] r : rows) for (int i = 0; i < r.length; i++) w[i] = Math.max(w[i], String.valueOf(r[i]).length());
        StringBuilder sb = new StringBuilder();
        for (Object[] r : prepend(header, rows)) {
            for (int i = 0; i < r.length; i++) sb.append(String.format("%" + (i == 0 ? "-" : "") + w[i] + "s  ", r[i]));
            sb.setLength(sb.length() - 2);
            sb.append('\n');
        }
        return sb.toString();
    }

    private static Object[][] prepend(Object[] first, Object[][] rest) {
        Object[][] all = new Object[rest.length + 1][];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
