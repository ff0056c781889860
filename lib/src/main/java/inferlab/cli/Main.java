package inferlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code bin/inferlab <subcommand> [options]}: JSON on stdout; bad input gives one {@code error: ...} line on stderr
 * and exit code 2 ({@code --debug} adds the stack trace). picocli parses the options into each command's typed
 * fields, so an unknown option, a missing value or a malformed number fails before any work starts.
 */
@CommandLine.Command(name = "bin/inferlab", mixinStandardHelpOptions = true, version = "inferlab 0.1.0",
        scope = CommandLine.ScopeType.INHERIT, sortOptions = false,
        subcommands = {Logits.class, ScoreCommand.class, Generate.class, ProcessLogits.class, Bench.class,
            RunSharedTask.class, Train.class, Tasks.class, Serve.class, McpServe.class},
        footer = {"", "--model takes a model directory or a hub name ORG/NAME in the local HF cache; default"
                + " $INFERLAB_MODEL, else data/models/target. --debug (anywhere) prints the stack trace of an error."})
public final class Main implements Command {
    /** Longest error message printed, in chars. */
    private static final int MAX_MESSAGE = 1000;

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line; returns the exit code (0 ok, 2 bad input). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean debug = Arrays.asList(args).contains("--debug");
        String[] rest = Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
        CommandLine cli = commandLine();
        cli.setOut(new PrintWriter(out, true));
        if (rest.length == 0 || rest[0].equals("help")) {
            cli.usage(rest.length == 0 ? err : out);
            return rest.length == 0 ? 2 : 0;
        }
        try {
            ParseResult parsed = cli.parseArgs(rest);
            List<CommandLine> path = parsed.asCommandLineList();
            // picocli keeps a word it does not know beside --help and prints help; the word is still an error
            ParseResult last = path.get(path.size() - 1).getParseResult();
            if (!last.unmatched().isEmpty()) throw new UnmatchedArgumentException(last.commandSpec().commandLine(), last.unmatched());
            if (CommandLine.printHelpIfRequested(parsed)) return 0;
            for (CommandLine c : path) onlyOnce(c.getParseResult());
            ((Command) path.get(path.size() - 1).getCommand()).run(out);
            return 0;
        } catch (Exception | LinkageError | StackOverflowError | OutOfMemoryError e) {
            if (debug) e.printStackTrace(err);
            err.println("error: " + message(e));
            return 2;
        }
    }

    /**
     * A fresh parser over every subcommand (commands keep their options in fields, so one per run). A path option
     * given as an empty word fails here: {@code Path.of("")} is the working directory, which nobody means.
     */
    static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
                .registerConverter(Path.class, s -> {
                    if (s.isBlank()) throw new TypeConversionException("an empty path");
                    return Path.of(s);
                });
    }

    /**
     * picocli refuses a single-valued option given twice but appends the values of a list option
     * ({@code --ids 1,2 --ids 3}); given twice, a list option is refused too, as a second {@code --text} is.
     */
    private static void onlyOnce(ParseResult parsed) {
        for (OptionSpec o : parsed.matchedOptions()) {
            if (o.isMultiValue() && o.originalStringValues().size() > 1) {
                throw new IllegalArgumentException("option '" + o.longestName() + "' should be specified only once"
                        + " (give its values as one comma-separated list)");
            }
        }
    }

    @Override
    public void run(PrintStream out) {
        throw new IllegalArgumentException("missing subcommand (try: bin/inferlab --help)");
    }

    /**
     * The exception's message on one line, at most {@link #MAX_MESSAGE} chars: a message may quote the input (Gson's
     * "Not a JSON Object: [...]" quotes a whole document).
     */
    private static String message(Throwable e) {
        // rendering a deeply nested input for a message recurses once per level (Gson's JsonElement.toString)
        if (e instanceof StackOverflowError) return "the input nests too deeply to read (--debug shows where)";
        if (e instanceof OutOfMemoryError) {
            // a model larger than the JVM's heap or direct-memory limit: its weights are held in both
            return "out of memory (" + e.getMessage() + "); bin/inferlab lets the JVM use half of RAM for its heap and"
                    + " as much for direct buffers, and a model needs about twice its fp32 size; more with"
                    + " INFERLAB_JAVA_OPTS (e.g. -Xmx20g -XX:MaxDirectMemorySize=20g) or a machine with more memory";
        }
        String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        if (e instanceof ParameterException p) m = unknownWord(p, m);
        if (e instanceof UncheckedIOException u) {
            String cause = fileProblem(u.getCause());
            m = m.equals(u.getCause().toString()) ? cause : m + ": " + cause;
        } else if (e instanceof IOException io) {
            m = fileProblem(io);
        }
        m = m.replace('\n', ' ').strip();
        return m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE) + "...";
    }

    /** A file-system failure in words, without the exception's class name. */
    private static String fileProblem(IOException e) {
        if (e instanceof CharacterCodingException) return "the input is not UTF-8 text";
        if (e instanceof NoSuchFileException f) return "no such file or directory: " + f.getFile();
        if (e instanceof AccessDeniedException f) return "permission denied: " + f.getFile();
        if (e instanceof FileAlreadyExistsException f) return "already exists: " + f.getFile();
        if (e instanceof FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : e.getClass().getSimpleName());
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * For a command line with a word no command knows, that word: picocli would report a missing required option
     * before it, and list an unknown option together with its value.
     */
    private static String unknownWord(ParameterException e, String m) {
        CommandLine at = e.getCommandLine();
        List<String> unmatched = e instanceof UnmatchedArgumentException u ? u.getUnmatched()
                : at.getParseResult() != null ? at.getParseResult().unmatched() : List.of();
        if (unmatched.isEmpty()) return m;
        String word = unmatched.get(0);
        if (word.startsWith("-")) {
            List<String> close = e instanceof UnmatchedArgumentException u ? u.getSuggestions() : List.of();
            return "unknown option " + word + " for " + at.getCommandName()
                    + (close.isEmpty() ? "" : " (did you mean " + String.join(" or ", close) + "?)");
        }
        if (!at.getSubcommands().isEmpty()) {
            return "unknown subcommand " + word + " of " + at.getCommandName() + " (try: "
                    + String.join(", ", at.getSubcommands().keySet()) + ")";
        }
        return m;
    }
}
