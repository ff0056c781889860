package inferlab.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code bin/inferlab <subcommand> [options]}: JSON on stdout; bad input gives one {@code error: ...} line on stderr
 * and exit code 2 ({@code --debug} adds the stack trace).
 */
public final class Main {
    private static final Map<String, Supplier<Command>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("logits", Logits::new);
        COMMANDS.put("score", Score::new);
        COMMANDS.put("generate", Generate::new);
        COMMANDS.put("process", ProcessLogits::new);
        COMMANDS.put("bench", Bench::new);
        COMMANDS.put("run-shared-task", RunSharedTask::new);
        COMMANDS.put("train", Train::new);
        COMMANDS.put("tasks", Tasks::new);
        COMMANDS.put("serve", Serve::new);
    }

    private Main() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line; returns the exit code (0 ok, 2 bad input). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean debug = Arrays.asList(args).contains("--debug");
        String[] rest = Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
        if (rest.length == 0 || rest[0].equals("help") || rest[0].equals("--help") || rest[0].equals("-h")) {
            (rest.length == 0 ? err : out).print(usage());
            return rest.length == 0 ? 2 : 0;
        }
        Supplier<Command> command = COMMANDS.get(rest[0]);
        try {
            if (command == null) {
                throw new IllegalArgumentException("unknown subcommand " + rest[0] + " (try: " + String.join(", ",
                        COMMANDS.keySet()) + ")");
            }
            command.get().run(Options.parse(Arrays.copyOfRange(rest, 1, rest.length)), out);
            return 0;
        } catch (Exception | LinkageError e) {
            if (debug) e.printStackTrace(err);
            err.println("error: " + message(e));
            return 2;
        }
    }

    /** The most specific message along the cause chain, on one line. */
    private static String message(Throwable e) {
        String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return m.replace('\n', ' ');
    }

    static String usage() {
        StringBuilder sb = new StringBuilder("usage: bin/inferlab <subcommand> [options] [--debug]\n");
        COMMANDS.forEach((name, c) -> sb.append("  ").append(c.get().usage()).append('\n'));
        sb.append("--model takes a model directory or a hub name ORG/NAME in the local HF cache;"
                + " default $INFERLAB_MODEL, else data/models/target\n");
        return sb.toString();
    }
}
