package inferlab.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A peer benchmark process in the peer venv ({@code bench/peer_*.py}): it loads its model, prints one JSON line
 * {@code {"ready": versions}}, then answers each request line (such as {@code measure SECONDS}) with one JSON line.
 * Staying up between requests lets a benchmark load the model once and take turns with it, round by round.
 */
final class PeerProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader answers;
    private final PrintStream ask;
    private final String versions;

    PeerProcess(List<String> command) throws IOException {
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        ask = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String ready = answers.readLine();
        if (ready == null) {
            close();
            throw new IllegalStateException("the peer did not start: " + String.join(" ", command));
        }
        versions = JsonParser.parseString(ready).getAsJsonObject().get("ready").getAsString();
    }

    /** The peer's library versions, as it reported them. */
    String versions() {
        return versions;
    }

    /** Sends one request line and returns the peer's answer. */
    JsonObject request(String line) {
        ask.println(line);
        try {
            String answer = answers.readLine();
            if (answer == null) throw new IllegalStateException("the peer benchmark process ended early");
            return JsonParser.parseString(answer).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        ask.close();
        process.destroy();
    }
}
