package inferlab.model;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import inferlab.Project;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DJL's tokenizer gives the ids Hugging Face {@code tokenizers} gives for the shipped tokenizer, on corpus text,
 * task items (digits split one per token) and stress strings; the fixture is written by
 * {@code environment/tokenizer_parity.py} in the peer venv.
 */
class TokenizerParityTest {

    @Test
    void djlEncodesLikeHuggingFaceTokenizers() throws IOException, URISyntaxException {
        Path fixture = Path.of(TokenizerParityTest.class.getResource("/tokenizer-parity.jsonl").toURI());
        List<String> lines = Files.readAllLines(fixture, StandardCharsets.UTF_8);
        assertTrue(lines.size() > 300);
        HfTokenizer tok = new HfTokenizer(Project.data().resolve("tokenizer/tokenizer.json"), 4096);
        int digits = 0;
        for (String line : lines) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            String text = o.get("text").getAsString();
            int[] expected = o.getAsJsonArray("ids").asList().stream().mapToInt(e -> e.getAsInt()).toArray();
            assertArrayEquals(expected, tok.encode(text), text);
            assertEquals(text, tok.decode(expected));
            if (text.contains("1234 * 5678")) digits = expected.length;
        }
        // every digit its own token: "1234 * 5678 = 7006652" has 4 + 4 + 7 digits and 4 other pre-tokens at most
        assertTrue(digits >= 15, "digits share tokens: " + digits);
    }
}
