package inferlab.cli;

import static inferlab.cli.RunSharedTaskTest.fails;
import static inferlab.cli.RunSharedTaskTest.run;
import static org.junit.jupiter.api.Assertions.*;

import inferlab.task.SharedTaskResult;
import inferlab.task.TaskSets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs nobody meant: files of the wrong kind in place of the ones asked for, values of the wrong JSON type,
 * options given twice or empty. Each is one {@code error:} line and exit code 2, and no file is lost.
 */
class AdversarialInputTest {

    @Test
    void runSharedTaskNeverReplacesAFileItDidNotWriteAndChecksBeforeRunning(@TempDir Path dir) throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "my notes\n");
        Path json = Files.writeString(dir.resolve("other.json"), "{\"system\": \"mine\"}\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), notes);
        Files.createDirectory(dir.resolve("folder"));
        for (Path out : new Path[] {notes, json, link}) {
            fails("did not write it", "run-shared-task", "--system", "baseline-b", "--limit", "1", "--max-tokens", "2",
                    "--model", "/no/such/model", "--out", out.toString());
        }
        fails("is a directory", "run-shared-task", "--system", "baseline-b", "--limit", "1", "--out", dir.resolve("folder").toString());
        fails(notes + " is not a directory", "run-shared-task", "--system", "baseline-b", "--limit", "1",
                "--out", notes.resolve("result.json").toString());
        assertEquals("my notes\n", Files.readString(notes));
        assertEquals("{\"system\": \"mine\"}\n", Files.readString(json));

        // a result it wrote is its own to replace
        Path result = dir.resolve("result.json");
        for (int i = 0; i < 2; i++) {
            String[] r = run("run-shared-task", "--system", "baseline-b", "--limit", "1", "--max-tokens", "2",
                    "--minutes", "1", "--out", result.toString());
            assertEquals("0", r[0], r[2]);
            assertEquals(3, SharedTaskResult.read(result).requests().size());
        }
    }

    @Test
    void serveRefusesAChatTemplateItCannotRenderBeforeLoadingWeights(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("chat_template.jinja"), "{% for m in messages %}{{ m.content }}{% endif %}");
        fails("chat_template.jinja cannot be rendered here: unknown tag 'endif'", "serve", "--model", dir.toString(), "--port", "0");
        Files.writeString(dir.resolve("chat_template.jinja"), "{% filter upper %}{{ messages }}{% endfilter %}");
        fails("unknown tag 'filter'", "serve", "--model", dir.toString(), "--port", "0");
    }

    @Test
    void infiniteRatesAndWindowsAreRefused() {
        fails("--rate must be a finite number", "run-shared-task", "--system", "baseline-b", "--rate", "1e309");
        fails("--minutes must be a finite number", "run-shared-task", "--system", "baseline-b", "--minutes", "1e309");
    }

    @Test
    void endpointsAreCheckedBeforeAnyRequest() {
        fails("not an http:// or https:// URL", "run-shared-task", "--endpoint", "notaurl", "--limit", "1");
        fails("(is the server running?): ConnectException", "run-shared-task", "--endpoint", "http://127.0.0.1:9", "--limit", "1");
    }

    @Test
    void tasksScoreRefusesWhatItCannotGrade(@TempDir Path dir) throws Exception {
        String id = TaskSets.load("arithmetic", "test").get(0).id();
        String file = dir.resolve("out.jsonl").toString();
        String[][] cases = {
            {"{\"id\": \"" + id + "\", \"output\": 42}\n", "got output = 42"},
            {"{\"id\": \"" + id + "\", \"output\": [\"7\"]}\n", "got output = [\"7\"]"},
            {"{\"id\": \"" + id + "\", \"output\": null}\n", "got output = null"},
            {"{\"id\": {\"a\": 1}, \"output\": \"7\"}\n", "got id = {\"a\":1}"},
            {"{\"id\": \"" + id + "\", \"output\": \"7\"}\n{\"id\": \"" + id + "\", \"output\": \"8\"}\n", "again (first on line 1)"},
            {"", "has no lines"},
            {"\n  \n", "has no lines"},
        };
        for (String[] c : cases) {
            Files.writeString(dir.resolve("out.jsonl"), c[0]);
            fails(c[1], "tasks", "score", "--task", "arithmetic", "--file", file);
        }
        Files.write(dir.resolve("out.jsonl"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        fails("is not UTF-8 text", "tasks", "score", "--task", "arithmetic", "--file", file);
        Files.writeString(dir.resolve("out.jsonl"), "{\"id\": \"" + id + "\", \"output\": \"7\"}\n");
        fails("unknown split nope", "tasks", "score", "--task", "arithmetic", "--file", file, "--split", "nope");
        assertEquals("0", run("tasks", "score", "--task", "arithmetic", "--file", file)[0]);
    }

    @Test
    void aListOptionGivenTwiceOrAnEmptyPathIsAnError(@TempDir Path dir) {
        fails("option '--ids' should be specified only once", "logits", "--ids", "1", "--ids", "2");
        fails("option '--tools' should be specified only once", "mcp-server", "--tools", "search", "--tools", "java");
        fails("an empty path", "tasks", "generate", "--task", "arithmetic", "--out", "");
        fails("an empty path", "tasks", "score", "--task", "arithmetic", "--file", " ");
        fails("--eos-token-id must be in 0..", "generate", "--ids", "1,2", "--max-new-tokens", "1", "--eos-token-id", "-5");
    }

    @Test
    void aBenchOptionOfAnotherModeIsAnErrorNotIgnored() {
        fails("--rate goes with --load", "bench", "serve", "--rate", "5");
        fails("--round-seconds goes with --peer", "bench", "serve", "--load", "--round-seconds", "1");
        fails("--concurrency goes with the closed-loop default", "bench", "serve", "--peer", "--concurrency", "3");
    }

    @Test
    void aTrainingConfigOfTheWrongShapeIsNamedInWords(@TempDir Path dir) throws Exception {
        String[][] cases = {{"{\"model\": [1, 2], \"steps\": 3}", "Expected a JSON Object but was JSON Array"},
            {"{\"model\": {}, \"steps\": \"abc\"}", "\"abc\""}, {"", "training config is empty"}};
        for (String[] c : cases) {
            Path config = Files.writeString(dir.resolve("config.json"), c[0]);
            fails(c[1], "train", "--config", config.toString(), "--out", dir.resolve("out").toString(), "--run", dir.resolve("run").toString());
            String[] r = run("train", "--config", config.toString(), "--out", dir.resolve("out").toString(), "--run", dir.resolve("run").toString());
            assertFalse(r[2].contains("java.") || r[2].contains("com.google"), r[2]);
            assertFalse(Files.exists(dir.resolve("out")) || Files.exists(dir.resolve("run")), "nothing written");
        }
    }

    @Test
    void fileSystemFailuresAreNamedWithoutExceptionClasses(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        String[] r = run("tasks", "generate", "--task", "arithmetic", "--out", file.toString());
        assertEquals("2", r[0]);
        assertFalse(r[2].contains("java.") || r[2].contains("Exception"), r[2]);
        assertTrue(r[2].startsWith("error: " + file), r[2]);
    }
}
