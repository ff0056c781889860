package inferlab.cli;

import java.io.PrintStream;

/**
 * One subcommand of {@code bin/inferlab}: a picocli {@code @Command} whose options picocli has parsed into its
 * fields; it prints JSON to {@code out}.
 */
public interface Command {

    /** Throws {@link IllegalArgumentException} on bad input; Main turns it into one {@code error:} line and exit 2. */
    void run(PrintStream out) throws Exception;
}
