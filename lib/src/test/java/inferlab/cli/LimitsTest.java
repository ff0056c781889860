package inferlab.cli;

import static inferlab.cli.RunSharedTaskTest.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests that cannot succeed are refused before any work, with one error line and exit 2. */
class LimitsTest {
    static String llama() throws Exception {
        return Path.of(LimitsTest.class.getResource("/hf-reference/models/llama-tiny").toURI()).toString();
    }

    static String ids(int n) {
        StringBuilder sb = new StringBuilder("1");
        for (int i = 1; i < n; i++) sb.append(",").append(i % 100 + 1);
        return sb.toString();
    }

    @Test
    void tokenBudgetsAreCheckedAgainstTheModelsContext() throws Exception {
        // the fixture's context is 256 positions
        fails("plus 2000000000 new tokens exceed the model's context of 256", "generate", "--model", llama(), "--ids", "1,2",
                "--max-new-tokens", "2000000000");
        fails("plus 250 new tokens exceed the model's context of 256", "generate", "--model", llama(), "--ids", ids(7),
                "--max-new-tokens", "250");
        fails("plus 200 new tokens exceed", "generate", "--model", llama(), "--ids", ids(57), "--max-new-tokens", "200",
                "--num-beams", "4");
        fails("--max-new-tokens must be at least 1", "generate", "--model", llama(), "--ids", "1", "--max-new-tokens", "0");
        DecodeCliTest.Result fits = DecodeCliTest.run("", "generate", "--model", llama(), "--ids", ids(250),
                "--max-new-tokens", "6");
        assertEquals(0, fits.code(), fits.err());
    }

    @Test
    void anOverLongPromptFailsBeforeTheModelRuns() throws Exception {
        for (String command : new String[] {"logits", "score", "generate"}) {
            fails("257 tokens", command, "--model", llama(), "--ids", ids(257));
        }
        fails("the prompt has 257 tokens but the model's context holds 256", "logits", "--model", llama(), "--ids", ids(257));
        fails("the prompt has 5000 tokens", "score", "--model", llama(), "--ids", ids(5000));
    }

    @Test
    void beamWidthAndReturnedSequencesAreCapped() throws Exception {
        fails("--num-beams must be in 1..64, got 10000", "generate", "--model", llama(), "--ids", "1", "--num-beams", "10000");
        fails("--num-beams must be in 1..64, got -2", "generate", "--model", llama(), "--ids", "1", "--num-beams", "-2");
        fails("num_return_sequences", "generate", "--model", llama(), "--ids", "1", "--num-beams", "4",
                "--num-return-sequences", "10000");
        fails("--beams must be in 1..64", "bench", "beam", "--beams", "100000");
        fails("--tokens must be in 1..32768", "bench", "beam", "--tokens", "0");
        fails("tokens must be in 1..248 (an 8-token prompt in a context of 256), got 1000", "bench", "beam", "--tokens", "1000");
        fails("--runs must be in 1..1000", "bench", "decode", "--runs", "0");
        fails("--contexts must be in 1..32768", "bench", "kv", "--contexts", "32,1000000000");
        fails("--batch-sizes must be in 1..1024", "bench", "serve", "--peer", "--batch-sizes", "1,0");
        fails("--load and --peer exclude each other", "bench", "serve", "--peer", "--load");
        fails("--shapes goes with --peer", "bench", "serve", "--shapes");
        fails("--shapes and --model exclude each other", "bench", "serve", "--peer", "--shapes", "--model", llama());
    }

    @Test
    void serverAndSharedTaskBudgetsFitTheModel() throws Exception {
        fails("--max-tokens must be in 1..256, got 100000", "serve", "--model", llama(), "--max-tokens", "100000");
        fails("--max-prompt-tokens must be in 1..256", "serve", "--model", llama(), "--max-prompt-tokens", "2048");
        fails("--port must be in 0..65535", "serve", "--port", "70000");
        fails("--max-tokens must be in 1..256, got 5000", "run-shared-task", "--system", "baseline-a", "--model", llama(),
                "--limit", "1", "--max-tokens", "5000");
    }

    @Test
    void deeplyNestedJsonOnStdinIsOneErrorLine() {
        String deep = "[".repeat(20_000) + "]".repeat(20_000);
        DecodeCliTest.Result r = DecodeCliTest.run(deep, "process");
        assertEquals(2, r.code());
        assertEquals("error: stdin nests JSON deeper than 64 levels", r.err().strip());
        DecodeCliTest.Result open = DecodeCliTest.run("{\"cases\": " + "[".repeat(20_000), "process");
        assertEquals(2, open.code());
        assertEquals(1, open.err().strip().lines().count(), open.err());
        DecodeCliTest.Result inArgs = DecodeCliTest.run("[{\"processor\": \"top_k\", \"args\": {\"k\": " + "[".repeat(5000)
                + "]".repeat(5000) + "}, \"input_ids\": [], \"logits\": [1.0]}]", "process");
        assertEquals("error: stdin nests JSON deeper than 64 levels", inArgs.err().strip());
    }

    @Test
    void oversizedOrEmptyStdinIsOneErrorLine() {
        DecodeCliTest.Result big = DecodeCliTest.run(" ".repeat((16 << 20) + 1) + "[]", "process");
        assertEquals(2, big.code());
        assertEquals("error: stdin holds more than 16 MiB of JSON", big.err().strip());
        for (String bad : new String[] {"", "[1] [2]", "[1,", "{\"cases\": 3}"}) {
            DecodeCliTest.Result r = DecodeCliTest.run(bad, "process");
            assertEquals(2, r.code(), bad);
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("error: "), r.err());
        }
    }

    @Test
    void scoringAFileOfDeeplyNestedLinesIsOneErrorLine(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("out.jsonl");
        Files.writeString(file, "[".repeat(20_000) + "\n");
        fails("line 1 nests JSON deeper than 64 levels", "tasks", "score", "--task", "arithmetic", "--file", file.toString());
        Files.writeString(file, "[1, 2]\n");
        fails("line 1 needs an object with \"id\" and \"output\"", "tasks", "score", "--task", "arithmetic", "--file", file.toString());
    }
}
