package inferlab.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import inferlab.Fixtures;
import inferlab.model.Transformer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Structured output over the API, as the course's graph example asks for it (a named {@code tool_choice}) and as
 * {@code response_format} does: the answer is JSON of the schema, decoded under its grammar.
 */
class StructuredOutputTest {
    static Loopback server;
    static final String SCHEMA = "{\"type\": \"object\", \"properties\": {\"answer\": {\"enum\": [\"A\", \"B\", \"C\", \"D\"]},"
            + " \"sure\": {\"type\": \"boolean\"}}, \"required\": [\"answer\", \"sure\"]}";
    static final String TOOLS = "[{\"type\": \"function\", \"function\": {\"name\": \"submit\", \"description\": \"Submit the answer\","
            + " \"parameters\": " + SCHEMA + "}}]";
    static final String USER = "\"messages\": [{\"role\": \"user\", \"content\": \"Pick one.\"}], \"max_tokens\": 40, \"temperature\": 1.5";

    @BeforeAll
    static void start() throws Exception {
        Transformer model = Fixtures.tinyLlamaWithTokenizer();
        server = Loopback.serve(model, "tiny", 4, OpenAiServer.Limits.defaults());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonObject chat(String fields) throws Exception {
        var r = Http.post(server.url() + "/v1/chat/completions", "{" + USER + ", " + fields + "}");
        assertEquals(200, r.statusCode(), r.body());
        return Http.json(r);
    }

    static String refusal(String fields) throws Exception {
        var r = Http.post(server.url() + "/v1/chat/completions", "{" + USER + ", " + fields + "}");
        assertEquals(400, r.statusCode(), r.body());
        return r.body();
    }

    @Test
    void aNamedToolChoiceAnswersWithACallWhoseArgumentsFitTheSchema() throws Exception {
        JsonObject r = chat("\"n\": 4, \"tools\": " + TOOLS + ", \"tool_choice\": {\"type\": \"function\", \"function\": {\"name\": \"submit\"}}");
        for (var c : r.getAsJsonArray("choices")) {
            JsonObject choice = c.getAsJsonObject();
            JsonObject message = choice.getAsJsonObject("message");
            assertTrue(message.get("content").isJsonNull(), message.toString());
            JsonObject call = message.getAsJsonArray("tool_calls").get(0).getAsJsonObject();
            assertEquals("function", call.get("type").getAsString());
            assertEquals("submit", call.getAsJsonObject("function").get("name").getAsString());
            JsonObject args = JsonParser.parseString(call.getAsJsonObject("function").get("arguments").getAsString()).getAsJsonObject();
            assertTrue(List.of("A", "B", "C", "D").contains(args.get("answer").getAsString()), args.toString());
            assertTrue(args.get("sure").getAsJsonPrimitive().isBoolean(), args.toString());
            assertEquals("stop", choice.get("finish_reason").getAsString());
        }
    }

    /** Streamed, the call's id and name come in the first delta and its arguments in pieces, as OpenAI streams them. */
    @Test
    void aStreamedToolCallAssemblesIntoTheCall() throws Exception {
        List<Http.Event> events = Http.stream(server.url() + "/v1/chat/completions", "{" + USER + ", \"stream\": true, \"tools\": "
                + TOOLS + ", \"tool_choice\": {\"type\": \"function\", \"function\": {\"name\": \"submit\"}}}");
        StringBuilder arguments = new StringBuilder();
        String name = null;
        String finish = null;
        for (Http.Event e : events) {
            if (e.data().equals("[DONE]")) continue;
            JsonObject choice = JsonParser.parseString(e.data()).getAsJsonObject().getAsJsonArray("choices").get(0).getAsJsonObject();
            JsonObject delta = choice.getAsJsonObject("delta");
            assertTrue(!delta.has("content") || delta.get("content").isJsonNull(), delta.toString());
            if (delta.has("tool_calls")) {
                JsonObject call = delta.getAsJsonArray("tool_calls").get(0).getAsJsonObject();
                assertEquals(0, call.get("index").getAsInt());
                if (call.has("id")) name = call.getAsJsonObject("function").get("name").getAsString();
                arguments.append(call.getAsJsonObject("function").get("arguments").getAsString());
            }
            if (!choice.get("finish_reason").isJsonNull()) finish = choice.get("finish_reason").getAsString();
        }
        assertEquals("submit", name);
        assertEquals("stop", finish);
        String answer = JsonParser.parseString(arguments.toString()).getAsJsonObject().get("answer").getAsString();
        assertTrue(List.of("A", "B", "C", "D").contains(answer), arguments.toString());
    }

    @Test
    void aResponseFormatShapesTheContent() throws Exception {
        JsonObject r = chat("\"response_format\": {\"type\": \"json_schema\", \"json_schema\": {\"name\": \"pick\", \"schema\": " + SCHEMA + "}}");
        String content = r.getAsJsonArray("choices").get(0).getAsJsonObject().getAsJsonObject("message").get("content").getAsString();
        assertTrue(List.of("A", "B", "C", "D").contains(JsonParser.parseString(content).getAsJsonObject().get("answer").getAsString()), content);
    }

    /** A constraint is written into the answer or refused with a 400; none is dropped, whatever the model says. */
    @Test
    void aSchemaConstraintIsKeptOrRefusedNeverDropped() throws Exception {
        String format = "\"response_format\": {\"type\": \"json_schema\", \"json_schema\": {\"schema\": ";
        JsonObject r = chat(format + "{\"type\": \"object\", \"additionalProperties\": false}}}");
        assertEquals("{}", r.getAsJsonArray("choices").get(0).getAsJsonObject().getAsJsonObject("message").get("content").getAsString());
        assertTrue(refusal(format + "{\"type\": \"object\", \"required\": [\"x\"]}}}").contains("'required' names 'x'"));
        assertTrue(refusal(format + "{\"type\": \"object\", \"properties\": {\"x\": {\"enum\": []}}}}}").contains("non-empty"));
        assertTrue(refusal(format + "{\"type\": [null]}}}").contains("'type' must be a name or a list of names"));
    }

    /** A model the server cannot constrain (any CompletionModel, run as it is) refuses a schema rather than ignore it. */
    @Test
    void aModelThatDecodesItselfRefusesASchema() throws Exception {
        try (Transformer model = Fixtures.tinyLlamaWithTokenizer();
             OpenAiServer plain = new OpenAiServer(inferlab.system.SharedTaskSystems.basic(model), "tiny", ChatTemplate.PLAIN,
                     "127.0.0.1", 0, OpenAiServer.Limits.defaults()).start()) {
            for (String shape : List.of("\"response_format\": {\"type\": \"json_object\"}",
                    "\"tools\": " + TOOLS + ", \"tool_choice\": {\"type\": \"function\", \"function\": {\"name\": \"submit\"}}")) {
                var r = Http.post(plain.url() + "/v1/chat/completions", "{" + USER + ", " + shape + "}");
                assertEquals(400, r.statusCode(), r.body());
                assertTrue(r.body().contains("structured output"), r.body());
            }
            assertEquals(200, Http.post(plain.url() + "/v1/chat/completions", "{" + USER + "}").statusCode());
        }
    }

    @Test
    void whatThisServerCannotDoIsRefusedByName() throws Exception {
        assertTrue(refusal("\"tools\": " + TOOLS).contains("tool_choice"));
        assertTrue(refusal("\"tools\": " + TOOLS + ", \"tool_choice\": \"auto\"").contains("no tool calls in free text"));
        assertTrue(refusal("\"tools\": " + TOOLS + ", \"tool_choice\": {\"type\": \"function\", \"function\": {\"name\": \"other\"}}")
                .contains("names no function"));
        assertTrue(refusal("\"response_format\": {\"type\": \"json_schema\", \"json_schema\": {\"schema\": {\"type\": \"object\","
                + " \"properties\": {\"a\": {\"type\": \"string\", \"pattern\": \"^x\"}}}}}").contains("'pattern'"));
        assertTrue(refusal("\"tool_choice\": \"none\"").contains("needs 'tools'"));
        assertTrue(refusal("\"function_call\": {\"name\": \"submit\"}").contains("'function_call' is not supported"));
        // fields the answer does not depend on are still of the API's type
        assertTrue(refusal("\"tools\": " + TOOLS + ", \"tool_choice\": {\"type\": \"custom\", \"function\": {\"name\": \"submit\"}}")
                .contains("'tool_choice' must be {"));
        assertTrue(refusal("\"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"f\", \"description\": [1]}}], \"tool_choice\": \"none\"")
                .contains("'description' must be a string"));
        assertTrue(refusal("\"response_format\": {\"type\": \"json_schema\", \"json_schema\": {\"name\": \"x\", \"strict\": \"yes\", \"schema\": "
                + SCHEMA + "}}").contains("'strict' must be true or false"));
        // "none" with tools: the tools reach the template, the answer is free text
        JsonObject free = chat("\"tools\": " + TOOLS + ", \"tool_choice\": \"none\"");
        assertTrue(free.getAsJsonArray("choices").get(0).getAsJsonObject().getAsJsonObject("message").has("content"));
    }
}
