package inferlab.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** {@code bench <name>}: runs one benchmark; each registers one line here. */
public final class Bench implements Command {
    private static final Map<String, Supplier<Command>> BENCHMARKS = new LinkedHashMap<>();

    static {
        BENCHMARKS.put("decode", DecodeBenchCommand::new);
        BENCHMARKS.put("beam", BeamBenchCommand::new);
        BENCHMARKS.put("serve", ServeBenchCommand::new);
    }

    @Override
    public String usage() {
        StringBuilder sb = new StringBuilder("bench <name> [--json]   benchmarks:");
        BENCHMARKS.forEach((name, b) -> sb.append("\n      ").append(b.get().usage()));
        return sb.toString();
    }

    @Override
    public void run(Options o, PrintStream out) throws Exception {
        if (o.positional().isEmpty()) {
            throw new IllegalArgumentException("bench needs a name: " + String.join(", ", BENCHMARKS.keySet()));
        }
        String name = o.positional().get(0);
        Supplier<Command> b = BENCHMARKS.get(name);
        if (b == null) {
            throw new IllegalArgumentException("unknown benchmark " + name + " (try: "
                    + String.join(", ", BENCHMARKS.keySet()) + ")");
        }
        if (o.positional().size() > 1) {
            throw new IllegalArgumentException("unexpected arguments " + o.positional().subList(1, o.positional().size()));
        }
        b.get().run(o, out);
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
