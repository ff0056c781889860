package inferlab.cli;

import java.util.Arrays;

/** {@code bin/inferlab <subcommand> ...}: JSON on stdout; bad input gives one line on stderr and exit 2. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        boolean debug = Arrays.asList(args).contains("--debug");
        String[] rest = Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
        if (rest.length == 0) fail("usage: bin/inferlab <tasks> ...", null, debug);
        String[] sub = Arrays.copyOfRange(rest, 1, rest.length);
        try {
            switch (rest[0]) {
                case "tasks" -> Tasks.main(sub);
                default -> fail("unknown subcommand: " + rest[0], null, debug);
            }
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            fail(e.getMessage(), e, debug);
        }
    }

    private static void fail(String message, Exception e, boolean debug) {
        System.err.println("inferlab: " + message);
        if (debug && e != null) e.printStackTrace();
        System.exit(2);
    }
}
