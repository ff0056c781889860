package inferlab.cli;

import java.io.PrintStream;

/** One subcommand of {@code bin/inferlab}: reads its options, prints JSON to {@code out}. */
public interface Command {

    /** One usage line, e.g. {@code "logits --model DIR --ids 1,2,3"}. */
    String usage();

    /** Throws {@link IllegalArgumentException} on bad input; Main turns it into one {@code error:} line and exit 2. */
    void run(Options options, PrintStream out) throws Exception;
}
