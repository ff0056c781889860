package inferlab.serve;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sampling values the API allows, however extreme, are served as vLLM serves them rather than failing in the engine. */
class SamplingValuesTest {
    static Loopback server;

    @BeforeAll
    static void start() throws Exception {
        server = Loopback.serve(inferlab.Fixtures.tinyLlamaWithTokenizer(), "llama-tiny", 4, OpenAiServer.Limits.defaults());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String text(String body, String path) throws Exception {
        HttpResponse<String> r = Http.post(server.url() + path, body);
        assertEquals(200, r.statusCode(), body + ": " + r.body());
        JsonObject choice = Http.json(r).getAsJsonArray("choices").get(0).getAsJsonObject();
        return path.endsWith("chat/completions") ? choice.getAsJsonObject("message").get("content").getAsString()
                : choice.get("text").getAsString();
    }

    @Test
    void aTinyPositiveTemperatureIsGreedyNotANaNFailure() throws Exception {
        String greedy = text("{\"prompt\": \"The nation\", \"max_tokens\": 6, \"temperature\": 0}", "/v1/completions");
        // dividing the logits by these overflowed them to infinities: "probabilities sum to NaN"
        for (String t : new String[] {"1e-6", "1e-45", "1e-300", "5e-324"}) {
            assertEquals(greedy, text("{\"prompt\": \"The nation\", \"max_tokens\": 6, \"temperature\": " + t + "}", "/v1/completions"), t);
            assertEquals(greedy, text("{\"prompt\": \"The nation\", \"max_tokens\": 6, \"temperature\": " + t
                    + ", \"top_k\": 5, \"top_p\": 0.5, \"logprobs\": 2}", "/v1/completions"), t);
        }
        String chat = "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_tokens\": 4, \"temperature\": ";
        assertEquals(text(chat + "0}", "/v1/chat/completions"), text(chat + "1e-40}", "/v1/chat/completions"));
    }
}
