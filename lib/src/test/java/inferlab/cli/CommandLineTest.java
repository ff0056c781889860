package inferlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The parser's contract, over every subcommand picocli knows: unknown options and missing values fail, help works. */
class CommandLineTest {

    /** Every command path under the root, e.g. [logits], [bench, decode], [tasks, generate]. */
    static List<List<String>> commands() {
        List<List<String>> all = new ArrayList<>();
        walk(Main.commandLine(), new ArrayList<>(), all);
        return all;
    }

    private static void walk(CommandLine at, List<String> path, List<List<String>> all) {
        at.getSubcommands().forEach((name, sub) -> {
            List<String> p = new ArrayList<>(path);
            p.add(name);
            all.add(p);
            walk(sub, p, all);
        });
    }

    static String[] args(List<String> path, String... more) {
        List<String> a = new ArrayList<>(path);
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void everyCommandRejectsAnUnknownOption() {
        List<List<String>> commands = commands();
        assertTrue(commands.size() >= 17, "all commands found: " + commands);
        for (List<String> c : commands) {
            RunSharedTaskTest.fails("unknown option --frobnicate for " + c.get(c.size() - 1), args(c, "--frobnicate", "1"));
            RunSharedTaskTest.fails("unknown option --ot", args(c, "--ot", "somewhere"));
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (List<String> c : commands()) {
            String[] r = RunSharedTaskTest.run(args(c, "--help"));
            assertEquals("0", r[0], String.join(" ", c));
            assertTrue(r[1].startsWith("Usage: bin/inferlab " + String.join(" ", c)), r[1]);
            assertEquals("", r[2]);
        }
        String[] top = RunSharedTaskTest.run("--help");
        assertEquals("0", top[0]);
        for (List<String> c : commands()) assertTrue(top[1].contains(c.get(0)), c.get(0));
    }

    @Test
    void anOptionWithoutItsValueIsAnError() {
        RunSharedTaskTest.fails("Missing required parameter for option '--text'", "score", "--text");
        RunSharedTaskTest.fails("Expected parameter for option '--text' but found '--ids'", "score", "--text", "--ids", "1,2");
        RunSharedTaskTest.fails("Missing required parameter for option '--max-new-tokens'", "generate", "--ids", "1",
                "--max-new-tokens");
        RunSharedTaskTest.fails("Missing required parameter for option '--out'", "train", "--config", "x.json", "--out");
    }

    @Test
    void malformedValuesAndRepeatedOptionsAreErrors() {
        RunSharedTaskTest.fails("'many' is not an int", "generate", "--ids", "1", "--max-new-tokens", "many");
        RunSharedTaskTest.fails("'x' is not an int", "logits", "--ids", "1,x");
        RunSharedTaskTest.fails("should be specified only once", "generate", "--ids", "1", "--seed", "1", "--seed", "2");
        RunSharedTaskTest.fails("--do-sample", "generate", "--ids", "1", "--do-sample=maybe");
        RunSharedTaskTest.fails("unknown subcommand frobnicate of bin/inferlab", "frobnicate");
        RunSharedTaskTest.fails("unknown subcommand nope of bench", "bench", "nope");
        // beside --help too: help for a misspelt command would exit 0 and hide the typo
        RunSharedTaskTest.fails("unknown subcommand mcp-serve of bin/inferlab", "mcp-serve", "--help");
        RunSharedTaskTest.fails("unknown option --nosuch for generate", "generate", "--nosuch", "--help");
    }
}
