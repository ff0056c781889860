package inferlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import inferlab.task.SharedTaskResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        fails("--rate must be a finite number > 0", "run-shared-task", "--system", "baseline-b", "--rate", "0");
        fails("concurrency must be in 1..300", "run-shared-task", "--system", "baseline-b", "--concurrency", "301");
        fails("Invalid value for option '--minutes'", "run-shared-task", "--system", "baseline-b", "--minutes", "soon");
        fails("unknown option --bogus", "run-shared-task", "--system", "baseline-b", "--bogus", "1");
        fails("cannot reach", "run-shared-task", "--endpoint", "http://127.0.0.1:9", "--limit", "1");
    }

    @Test
    void badScheduleFilesAndConflictingOptionsGiveOneLine(@TempDir Path dir) throws Exception {
        Path ok = Files.writeString(dir.resolve("arrivals.json"), "[{\"arrival_time\": 0.5, \"batch_size\": 4}]");
        fails("--schedule: no file", "run-shared-task", "--system", "baseline-b", "--schedule", dir.resolve("none.json").toString());
        fails("batch 0: batch_size must be", "run-shared-task", "--system", "baseline-b", "--schedule",
                Files.writeString(dir.resolve("bad.json"), "[{\"arrival_time\": 1, \"batch_size\": 0}]").toString());
        fails("--rate does not apply with --schedule", "run-shared-task", "--system", "baseline-b", "--schedule", ok.toString(), "--rate", "3");
        fails("--max-batch does not apply with --schedule", "run-shared-task", "--system", "baseline-b", "--schedule", ok.toString(), "--max-batch", "3");
        fails("--schedule has 4 requests but the validation stream only 3 items", "run-shared-task", "--system", "baseline-b",
                "--schedule", ok.toString(), "--limit", "1");
    }

    /** The course's schema: its prompts are ignored, our stream's items fill its batches in order. */
    @Test
    void replaysAScheduleFile(@TempDir Path dir) throws Exception {
        Path arrivals = Files.writeString(dir.resolve("batch_arrivals.json"), "[{\"batch_id\": 0, \"arrival_time\": 0.1,"
                + " \"batch_size\": 3, \"prompts\": [\"a\", \"b\", \"c\"], \"max_length\": 2048},"
                + " {\"batch_id\": 1, \"arrival_time\": 0.3, \"batch_size\": 1, \"prompts\": [\"d\"], \"max_length\": 2048}]");
        Path file = dir.resolve("result.json");
        String[] r = run("run-shared-task", "--system", "baseline-a", "--schedule", arrivals.toString(), "--limit", "2",
                "--max-tokens", "4", "--out", file.toString());
        assertEquals("0", r[0], r[2]);
        JsonObject summary = JsonParser.parseString(r[1]).getAsJsonObject();
        assertEquals(4, summary.get("requests").getAsInt());
        SharedTaskResult result = SharedTaskResult.read(file);
        assertEquals(List.of(0.1, 0.1, 0.1, 0.3), result.requests().stream().map(SharedTaskResult.Request::arrival).toList());
        assertEquals(3, result.load().maxBatch());
        assertEquals(120, result.load().windowSeconds(), 1e-9, "the span (0.3 s) rounded up to a minute, plus one");
    }
}
