package inferlab.cli;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import inferlab.decode.ProcessorCase;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code process}: runs logits processors on cases read from stdin, in the schema of the Hugging Face fixture
 * {@code processors.json} ({@code processor}, {@code args}, {@code input_ids}, {@code logits}; null = −∞), and
 * prints the same list with {@code out} filled in. A {@code {"cases": [...]}} object works too.
 */
@picocli.CommandLine.Command(name = "process", description = {"Runs Hugging Face logits processors on cases from stdin:",
    "  bin/inferlab process < cases.json   [{processor, args, input_ids, logits}] -> the same with \"out\""})
public final class ProcessLogits implements Command {

    @Override
    public void run(PrintStream out) {
        // a new decoder reports invalid bytes (a reader given the charset turns them into U+FFFD, stray text after the JSON)
        JsonElement input = JsonInput.read(new InputStreamReader(System.in, StandardCharsets.UTF_8.newDecoder()), "stdin");
        JsonArray cases = input.isJsonArray() ? input.getAsJsonArray()
                : input.isJsonObject() && input.getAsJsonObject().get("cases") instanceof JsonArray a ? a : null;
        if (cases == null) throw new IllegalArgumentException("expected a JSON list of cases on stdin");
        JsonArray results = new JsonArray();
        for (JsonElement c : cases) {
            if (!c.isJsonObject()) throw new IllegalArgumentException("each case must be a JSON object, got " + c);
            results.add(ProcessorCase.run(c.getAsJsonObject()));
        }
        JsonElement result = results;
        if (input.isJsonObject()) {
            JsonObject wrapped = input.getAsJsonObject().deepCopy();
            wrapped.add("cases", results);
            result = wrapped;
        }
        out.println(new Gson().newBuilder().serializeNulls().create().toJson(result));
    }
}
