package inferlab.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import inferlab.Fixtures;
import inferlab.model.Transformer;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real checkpoints' chat templates as the server renders them, against transformers' {@code apply_chat_template}. */
class ChatTemplateTest {

    static String resource(String name) throws IOException {
        try (InputStream in = ChatTemplateTest.class.getResourceAsStream("/chat-templates/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The special tokens of the checkpoint {@code name} comes from, as its tokenizer_config.json gives them. */
    static Map<String, Object> tokens(String name) throws IOException {
        Map<String, Object> tokens = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : JsonParser.parseString(resource("tokens.json")).getAsJsonObject()
                .getAsJsonObject(name).entrySet()) {
            if (!e.getValue().isJsonNull()) tokens.put(e.getKey(), e.getValue().getAsString());
        }
        return tokens;
    }

    static ChatTemplate template(String name) throws IOException {
        return ChatTemplate.jinja(resource(name + ".jinja"), tokens(name));
    }

    /**
     * Each case as an OpenAI client sends it (tool-call arguments as JSON text, tools with {@code tool_choice}
     * "none", template options in {@code chat_template_kwargs}) becomes transformers' prompt. Left out: roles the
     * API refuses before any template (Llama's {@code ipython}, a made-up one), fields it does not carry
     * ({@code reasoning_content}) and images.
     */
    @Test
    void chatRequestsBecomeTransformersPrompts() throws IOException {
        int checked = 0;
        List<String> wrong = new ArrayList<>();
        for (String line : resource("cases.jsonl").split("\n")) {
            if (line.isBlank()) continue;
            JsonObject c = JsonParser.parseString(line).getAsJsonObject();
            JsonObject body = new JsonObject();
            com.google.gson.JsonArray messages = new com.google.gson.JsonArray();
            boolean sendable = true;
            for (JsonElement m : c.getAsJsonArray("messages")) {
                JsonObject o = m.getAsJsonObject().deepCopy();
                sendable &= ChatTemplate.ROLES.contains(o.get("role").getAsString())
                        && List.of("role", "content", "tool_calls", "tool_call_id", "name").containsAll(o.keySet())
                        && (!o.has("content") || o.get("content").isJsonPrimitive() || (o.get("content").isJsonArray()
                        && o.getAsJsonArray("content").asList().stream().allMatch(part -> "text".equals(part.getAsJsonObject().get("type").getAsString()))));
                if (o.has("tool_calls")) {
                    for (JsonElement call : o.getAsJsonArray("tool_calls")) {
                        JsonObject f = call.getAsJsonObject().getAsJsonObject("function");
                        if (!f.get("arguments").isJsonPrimitive()) f.addProperty("arguments", f.get("arguments").toString());
                    }
                }
                messages.add(o);
            }
            if (!sendable) continue;
            body.add("messages", messages);
            if (!c.get("tools").isJsonNull()) {
                body.add("tools", c.get("tools"));
                body.addProperty("tool_choice", "none");
            }
            body.add("add_generation_prompt", c.get("add_generation_prompt"));
            body.add("chat_template_kwargs", c.getAsJsonObject("kwargs"));
            checked++;
            String got;
            try {
                got = ApiRequest.parse(body.toString(), true, template(c.get("template").getAsString()), 1 << 20, 16)
                        .job().prompts().get(0).text();
            } catch (IllegalArgumentException e) {
                got = "error: " + e.getMessage();
            }
            String want = c.has("error") ? "error: the model's chat template refused the messages: " + c.get("error").getAsString()
                    : c.get("expected").getAsString();
            if (!got.equals(want)) wrong.add(c.get("id") + "\n  transformers: " + want + "\n  here:         " + got);
        }
        assertTrue(checked >= 195, "the fixture's cases are nearly all sendable: " + checked);
        assertEquals(List.of(), wrong);
    }

    @Test
    void theEndOfATurnIsWhatTheTemplateWritesAfterTheAssistant() throws IOException {
        assertEquals("<|im_end|>", template("qwen2.5-instruct").endOfTurn());
        assertEquals("<|im_end|>", template("qwen3").endOfTurn());
        assertEquals("<|eot_id|>", template("llama3.1-instruct").endOfTurn());
        assertEquals("<end_of_turn>", template("gemma-it").endOfTurn());
        assertEquals("<|end|>", template("phi3-mini-4k-instruct").endOfTurn());
        assertEquals("</s>", template("mistral-7b-instruct-v0.3").endOfTurn());
        assertEquals("\nuser:", ChatTemplate.PLAIN.endOfTurn());
        assertNull(ChatTemplate.jinja("{% for m in messages %}{{ m.content }}{% endfor %}", Map.of()).endOfTurn());
    }

    /** Through the server: the prompt a chat request becomes is the checkpoint's, and a refusal is the client's 400. */
    @Test
    void theServerPromptsWithTheCheckpointsTemplate() throws Exception {
        ChatTemplate gemma = template("gemma-it");
        String system = "{\"role\": \"system\", \"content\": \"Be brief.\"}";
        String user = "{\"role\": \"user\", \"content\": \"Hello!\"}";
        try (Transformer model = Fixtures.tinyLlamaWithTokenizer();
             BatchingEngine engine = new BatchingEngine(model, "gemma", BatchingEngine.Mode.CONTINUOUS, 2, 256);
             OpenAiServer server = new OpenAiServer(engine, "gemma", gemma, "127.0.0.1", 0, OpenAiServer.Limits.defaults()).start()) {
            String url = server.url() + "/v1/chat/completions";
            var ok = Http.post(url, "{\"messages\": [" + user + "], \"max_tokens\": 1}");
            assertEquals(200, ok.statusCode(), ok.body());
            String prompt = "<bos><start_of_turn>user\nHello!<end_of_turn>\n<start_of_turn>model\n"; // transformers' render
            assertEquals(model.tokenizer().orElseThrow().encode(prompt).length,
                    Http.json(ok).getAsJsonObject("usage").get("prompt_tokens").getAsInt());
            var refused = Http.post(url, "{\"messages\": [" + system + ", " + user + "], \"max_tokens\": 1}");
            assertEquals(400, refused.statusCode());
            assertTrue(refused.body().contains("System role not supported"), refused.body());
        }
    }

    /** A reply begun by the client is continued where its text ends, as transformers' {@code continue_final_message}. */
    @Test
    void aBegunReplyIsContinuedWhereItsTextEnds() throws IOException {
        List<ChatTemplate.Message> begun = List.of(new ChatTemplate.Message("user", "What is 2+2?"),
                new ChatTemplate.Message("assistant", "The answer is "));
        // transformers 5.18: apply_chat_template(begun, tokenize=False, continue_final_message=True)
        assertEquals("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n"
                + "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\nThe answer is ",
                template("qwen2.5-instruct").continueFinal(begun, Map.of()));
        // templates that trim the message are cut after the trimmed text
        assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\n"
                + "Today Date: 26 Jul 2024\n\n<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\nThe answer is", template("llama3.1-instruct").continueFinal(begun, Map.of()));
        assertEquals("<bos><start_of_turn>user\nWhat is 2+2?<end_of_turn>\n<start_of_turn>model\nThe answer is",
                template("gemma-it").continueFinal(begun, Map.of()));
        assertEquals("user: What is 2+2?\nassistant: The answer is ", ChatTemplate.PLAIN.continueFinal(begun, Map.of()));
    }

    /** vLLM's chat fields: {@code chat_template_kwargs} reach the template (Qwen3 without thinking), as the course's code sends them. */
    @Test
    void chatTemplateOptionsReachTheTemplate() throws Exception {
        String user = "{\"role\": \"user\", \"content\": \"Hello!\"}";
        try (Transformer model = Fixtures.tinyLlamaWithTokenizer();
             BatchingEngine engine = new BatchingEngine(model, "qwen3", BatchingEngine.Mode.CONTINUOUS, 2, 256);
             OpenAiServer server = new OpenAiServer(engine, "qwen3", template("qwen3"), "127.0.0.1", 0, OpenAiServer.Limits.defaults()).start()) {
            String url = server.url() + "/v1/chat/completions";
            var noThinking = Http.post(url, "{\"messages\": [" + user + "], \"max_tokens\": 1, \"chat_template_kwargs\": {\"enable_thinking\": false}}");
            String prompt = "<|im_start|>user\nHello!<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n"; // transformers' render
            assertEquals(model.tokenizer().orElseThrow().encode(prompt).length,
                    Http.json(noThinking).getAsJsonObject("usage").get("prompt_tokens").getAsInt(), noThinking.body());
            for (String bad : List.of("{\"messages\": []}", "3")) {
                var r = Http.post(url, "{\"messages\": [" + user + "], \"max_tokens\": 1, \"chat_template_kwargs\": " + bad + "}");
                assertEquals(400, r.statusCode(), r.body());
                assertTrue(r.body().contains("chat_template_kwargs"), r.body());
            }
            var both = Http.post(url, "{\"messages\": [" + user + "], \"max_tokens\": 1, \"continue_final_message\": true}");
            assertEquals(400, both.statusCode(), both.body()); // as vLLM: the generation prompt must be turned off
            assertTrue(both.body().contains("add_generation_prompt"), both.body());
            // a value nested past any template's need is the client's error, answered at once
            String deep = "{\"x\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}";
            var r = Http.post(url, "{\"messages\": [" + user + "], \"max_tokens\": 1, \"chat_template_kwargs\": " + deep + "}");
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(r.body().contains("nested"), r.body());
        }
    }

    /**
     * A tokenizer that frames a sequence with BOS (as Llama's and Gemma's do): a completions prompt gets it, as vLLM
     * and transformers' {@code tokenizer(text)} give it; a chat prompt is the template's, which writes BOS itself.
     */
    @Test
    void completionsAreFramedByTheTokenizerAndChatsByTheTemplate(@TempDir Path dir) throws Exception {
        try (var files = Files.list(Fixtures.reference().resolve("models/llama-tiny"))) {
            for (Path f : files.toList()) Files.copy(f, dir.resolve(f.getFileName()));
        }
        JsonObject tokenizer = JsonParser.parseString(Files.readString(Fixtures.reference().resolve("tokenizer/tokenizer.json"))).getAsJsonObject();
        String bos = "{\"SpecialToken\": {\"id\": \"<|endoftext|>\", \"type_id\": 0}}";
        JsonObject framing = JsonParser.parseString("{\"type\": \"TemplateProcessing\", \"single\": [" + bos
                + ", {\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}], \"pair\": [" + bos + ", {\"Sequence\": {\"id\": \"A\", \"type_id\": 0}},"
                + " {\"Sequence\": {\"id\": \"B\", \"type_id\": 1}}], \"special_tokens\": {\"<|endoftext|>\": {\"id\": \"<|endoftext|>\","
                + " \"ids\": [0], \"tokens\": [\"<|endoftext|>\"]}}}").getAsJsonObject();
        JsonObject sequence = new JsonObject();
        sequence.addProperty("type", "Sequence");
        com.google.gson.JsonArray processors = new com.google.gson.JsonArray();
        processors.add(tokenizer.get("post_processor"));
        processors.add(framing);
        sequence.add("processors", processors);
        tokenizer.add("post_processor", sequence);
        Files.writeString(dir.resolve("tokenizer.json"), tokenizer.toString());
        ChatTemplate llama = ChatTemplate.jinja("{{ bos_token }}{% for m in messages %}{{ m.role }}: {{ m.content }}\n{% endfor %}assistant:",
                Map.of("bos_token", "<|endoftext|>"));
        try (Transformer model = Transformer.load(dir);
             BatchingEngine engine = new BatchingEngine(model, "llama", BatchingEngine.Mode.CONTINUOUS, 2, 256);
             OpenAiServer server = new OpenAiServer(engine, "llama", llama, "127.0.0.1", 0, OpenAiServer.Limits.defaults()).start()) {
            // transformers' tokenizers on this file: [0, 52, 261, 325, 308, 328] with its special tokens, the last five without
            assertArrayEquals(new int[] {0, 52, 261, 325, 308, 328}, model.tokenizer().orElseThrow().encodePrompt("The nation is"));
            var completion = Http.post(server.url() + "/v1/completions", "{\"prompt\": \"The nation is\", \"max_tokens\": 1}");
            assertEquals(6, Http.json(completion).getAsJsonObject("usage").get("prompt_tokens").getAsInt(), completion.body());
            var chat = Http.post(server.url() + "/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_tokens\": 1}");
            int once = model.tokenizer().orElseThrow().encode("<|endoftext|>user: hi\nassistant:").length; // one BOS, not two
            assertEquals(once, Http.json(chat).getAsJsonObject("usage").get("prompt_tokens").getAsInt(), chat.body());
        }
    }

    /**
     * A stop string that is one special token (a chat template's {@code <|im_end|>} on a base checkpoint, whose
     * config does not list it as an end) stops generation at that token, though decoded text never shows it.
     */
    @Test
    void aStopStringThatIsASpecialTokenStopsAtTheToken(@TempDir Path dir) throws Exception {
        try (var files = Files.list(Fixtures.reference().resolve("models/llama-tiny"))) {
            for (Path f : files.toList()) Files.copy(f, dir.resolve(f.getFileName()));
        }
        Path tokenizerFile = Fixtures.reference().resolve("tokenizer/tokenizer.json");
        Files.copy(tokenizerFile, dir.resolve("tokenizer.json"));
        int[] prompt = {52, 261, 325, 308, 328};
        int[] free;
        try (Transformer model = Transformer.load(dir)) {
            free = inferlab.decode.Generation.of(12).withEos(model.eosTokenIds()).run(model, prompt, new inferlab.decode.Greedy()).ids();
        }
        int at = -1; // the first place from 2 whose token is new to the run: it becomes a special token
        for (int i = 2; i < free.length && at < 0; i++) {
            boolean seen = free[i] == 0;
            for (int j = 0; j < i; j++) seen |= free[j] == free[i];
            if (!seen) at = i;
        }
        assertTrue(at >= 0, "a fresh token in " + java.util.Arrays.toString(free));
        JsonObject tokenizer = JsonParser.parseString(Files.readString(tokenizerFile)).getAsJsonObject();
        String content = null;
        for (Map.Entry<String, JsonElement> e : tokenizer.getAsJsonObject("model").getAsJsonObject("vocab").entrySet()) {
            if (e.getValue().getAsInt() == free[at]) content = e.getKey();
        }
        JsonObject special = new JsonObject();
        special.addProperty("id", free[at]);
        special.addProperty("content", content);
        for (String flag : List.of("single_word", "lstrip", "rstrip", "normalized")) special.addProperty(flag, false);
        special.addProperty("special", true);
        tokenizer.getAsJsonArray("added_tokens").add(special);
        Files.writeString(dir.resolve("tokenizer.json"), tokenizer.toString());
        try (Transformer model = Transformer.load(dir);
             BatchingEngine engine = new BatchingEngine(model, "base", BatchingEngine.Mode.CONTINUOUS, 2, 256);
             OpenAiServer server = new OpenAiServer(engine, "base", ChatTemplate.PLAIN, "127.0.0.1", 0, OpenAiServer.Limits.defaults()).start()) {
            assertEquals("", model.tokenizer().orElseThrow().decode(new int[] {free[at]}), "the token is special now");
            JsonObject stop = new JsonObject();
            stop.add("prompt", new com.google.gson.Gson().toJsonTree(prompt));
            stop.addProperty("max_tokens", 12);
            stop.addProperty("temperature", 0);
            com.google.gson.JsonArray stops = new com.google.gson.JsonArray();
            stops.add(content);
            stop.add("stop", stops);
            JsonObject r = Http.json(Http.post(server.url() + "/v1/completions", stop.toString()));
            assertEquals(at + 1, r.getAsJsonObject("usage").get("completion_tokens").getAsInt(), r.toString());
            assertEquals("stop", r.getAsJsonArray("choices").get(0).getAsJsonObject().get("finish_reason").getAsString());
        }
    }

    static Path model(Path dir, String name, String tokenizerConfig, String jinja) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        if (tokenizerConfig != null) Files.writeString(d.resolve("tokenizer_config.json"), tokenizerConfig);
        if (jinja != null) Files.writeString(d.resolve("chat_template.jinja"), jinja);
        return d;
    }

    @Test
    void theTemplateIsReadFromEveryPlaceACheckpointKeepsIt(@TempDir Path dir) throws IOException {
        String chatml = "{% for m in messages %}<|im_start|>{{ m.role }}\\n{{ m.content }}<|im_end|>\\n{% endfor %}"
                + "{% if add_generation_prompt %}<|im_start|>assistant\\n{% endif %}";
        String llama = "{{ bos_token }}{% for m in messages %}<|start_header_id|>{{ m.role }}<|end_header_id|>\\n\\n{{ m.content }}<|eot_id|>{% endfor %}";
        List<ChatTemplate.Message> hi = List.of(new ChatTemplate.Message("user", "hi"));
        String expected = "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n";
        assertEquals(expected, ChatTemplate.of(model(dir, "inline", "{\"chat_template\": \"" + chatml + "\"}", null)).render(hi));
        // recent transformers write the template to its own file, which wins
        assertEquals(expected, ChatTemplate.of(model(dir, "file", "{\"chat_template\": \"" + llama + "\"}", chatml.replace("\\n", "\n"))).render(hi));
        // a list of named templates: the default one; special tokens as strings or added-token objects
        ChatTemplate named = ChatTemplate.of(model(dir, "named", "{\"bos_token\": {\"content\": \"<|begin_of_text|>\", \"lstrip\": false},"
                + " \"chat_template\": [{\"name\": \"tool_use\", \"template\": \"" + chatml + "\"}, {\"name\": \"default\", \"template\": \"" + llama + "\"}]}", null));
        assertEquals("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|>", named.render(hi));
        assertSame(ChatTemplate.PLAIN, ChatTemplate.of(model(dir, "none", "{}", null)));
        assertSame(ChatTemplate.PLAIN, ChatTemplate.of(model(dir, "empty", null, null)));
        assertSame(ChatTemplate.PLAIN, ChatTemplate.of(null));
        assertEquals("user: hi\nassistant:", ChatTemplate.PLAIN.render(hi));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChatTemplate.of(model(dir, "broken", "{}", "{% for m in messages %}{{ m.content }}")));
        assertTrue(e.getMessage().contains("chat_template.jinja") && e.getMessage().contains("endfor"), e.getMessage());
    }
}
