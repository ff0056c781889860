package inferlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bad input to run-shared-task: exit 2 and one line naming the problem, before any model is loaded. */
class RunSharedTaskTest {

    static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    static void fails(String expected, String... args) {
        String[] r = run(args);
        assertEquals("2", r[0], String.join(" ", args));
        assertEquals("", r[1]);
        assertEquals(1, r[2].strip().lines().count(), r[2]);
        assertTrue(r[2].contains(expected), r[2]);
    }

    @Test
    void badInputGivesOneLineAndExitCodeTwo() {
        fails("exactly one of --endpoint", "run-shared-task");
        fails("exactly one of --endpoint", "run-shared-task", "--system", "baseline-a", "--endpoint", "http://127.0.0.1:9");
        fails("unknown system nope", "run-shared-task", "--system", "nope");
        fails("validation or test", "run-shared-task", "--system", "baseline-b", "--split", "train");
        fails("--rate must be > 0", "run-shared-task", "--system", "baseline-b", "--rate", "0");
        fails("concurrency must be in 1..300", "run-shared-task", "--system", "baseline-b", "--concurrency", "301");
        fails("Invalid value for option '--minutes'", "run-shared-task", "--system", "baseline-b", "--minutes", "soon");
        fails("unknown option --bogus", "run-shared-task", "--system", "baseline-b", "--bogus", "1");
        fails("cannot reach", "run-shared-task", "--endpoint", "http://127.0.0.1:9", "--limit", "1");
    }
}
