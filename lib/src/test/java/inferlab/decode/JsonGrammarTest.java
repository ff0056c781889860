package inferlab.decode;

import static inferlab.decode.JsonGrammar.Status.COMPLETE;
import static inferlab.decode.JsonGrammar.Status.INVALID;
import static inferlab.decode.JsonGrammar.Status.PREFIX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import inferlab.Fixtures;
import inferlab.model.Transformer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonGrammarTest {
    static JsonGrammar grammar(String schema) {
        return JsonGrammar.of(JsonParser.parseString(schema).getAsJsonObject());
    }

    /** The course's shared-task tool (graph_path_finder.py's submit_paths). */
    static final String PATHS = "{\"type\": \"object\", \"properties\": {\"paths\": {\"type\": \"array\", \"items\": {\"type\": \"array\","
            + " \"items\": {\"type\": \"integer\"}}, \"description\": \"List of paths\"}, \"weights\": {\"type\": \"array\","
            + " \"items\": {\"type\": \"integer\"}}}, \"required\": [\"paths\", \"weights\"]}";

    @Test
    void aTextIsWholeOrTheStartOfOneOrNeither() {
        JsonGrammar g = grammar(PATHS);
        assertEquals(COMPLETE, g.check("{\"paths\":[[0,3,7],[0,2]],\"weights\":[12,15]}"));
        assertEquals(COMPLETE, g.check("{\"paths\":[],\"weights\":[]}"));
        for (String prefix : List.of("", "{", "{\"pa", "{\"paths\":[[0,", "{\"paths\":[[10", "{\"paths\":[[-", "{\"paths\":[]", "{\"paths\":[],\"weights\":[1]")) {
            assertEquals(PREFIX, g.check(prefix), prefix);
        }
        for (String bad : List.of("[", "{\"weights\":[]", "{\"paths\":[[\"a\"", "{\"paths\":[[1.5", "{\"paths\":[[01", "{\"paths\":[] ,",
                "{\"paths\":[],\"weights\":[]}}", "{\"paths\":[],\"weights\":[],\"extra\":1}", "{\"paths\":[]}")) {
            assertEquals(INVALID, g.check(bad), bad);
        }
    }

    @Test
    void optionalPropertiesMayBeLeftOutButKeepTheirOrder() {
        JsonGrammar g = grammar("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}, \"b\": {\"type\": \"number\"},"
                + " \"c\": {\"type\": [\"boolean\", \"null\"]}, \"d\": {\"enum\": [\"x\", 2, null]}}, \"required\": [\"c\"]}");
        assertEquals(COMPLETE, g.check("{\"c\":null}"));
        assertEquals(COMPLETE, g.check("{\"a\":\"q\\\"\\u00e9\",\"b\":-1.5e+3,\"c\":true,\"d\":2}"));
        assertEquals(COMPLETE, g.check("{\"b\":0,\"c\":false,\"d\":\"x\"}"));
        assertEquals(INVALID, g.check("{\"b\":1,\"a\":\"q\""), "a comes before b");
        assertEquals(INVALID, g.check("{\"d\":2"), "c is required before d");
        assertEquals(INVALID, g.check("{\"c\":1"));
        assertEquals(INVALID, g.check("{\"c\":true,\"d\":3"));
        assertEquals(INVALID, g.check("{\"a\":\"tab\tin a string\""));
        assertEquals(PREFIX, g.check("{\"c\":tr"));
        assertEquals(COMPLETE, grammar("{\"type\": \"object\"}").check("{\"any\":[1,{\"x\":null}],\"k\":\"v\"}"), "an object without properties takes any");
    }

    @Test
    void schemasOutsideTheSubsetAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> grammar("{\"type\": \"object\", \"properties\": {\"a\": {\"anyOf\": [{\"type\": \"string\"}]}}}"));
        assertTrue(e.getMessage().contains("anyOf"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> grammar("{\"type\": \"string\"}"));
        assertThrows(IllegalArgumentException.class, () -> grammar("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"date\"}}}"));
        assertThrows(IllegalArgumentException.class, () -> grammar("{\"type\": \"object\", \"required\": [5, {\"x\": 1}], \"properties\": {}}"));
        for (String types : List.of("[null]", "[{\"x\": 1}]", "[[\"object\"]]", "5")) { // not Gson's class names, nor a list read as its element
            e = assertThrows(IllegalArgumentException.class, () -> grammar("{\"type\": " + types + "}"));
            assertEquals("'type' must be a name or a list of names", e.getMessage());
        }
        String deep = "{\"type\": \"array\", \"items\": ".repeat(100) + "{}" + "}".repeat(100);
        e = assertThrows(IllegalArgumentException.class, () -> grammar(deep));
        assertTrue(e.getMessage().length() < 100, e.getMessage());
    }

    /** A constraint the grammar cannot write is refused, never dropped: the answer would not match the schema. */
    @Test
    void constraintsTheGrammarCannotKeepAreRefusedNotIgnored() {
        for (String[] c : new String[][] {
            {"{\"type\": \"object\", \"required\": [\"a\"]}", "'required' names 'a'"},
            {"{\"type\": \"object\", \"properties\": {\"a\": {}}, \"required\": [\"a\", \"b\"]}", "'required' names 'b'"},
            {"{\"type\": \"object\", \"properties\": {\"a\": {\"enum\": []}}}", "'enum' must be a non-empty list"},
            {"{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\", \"enum\": [\"x\", 1]}}}", "the 'enum' value 1"},
            {"{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"integer\", \"enum\": [1.5]}}}", "the 'enum' value 1.5"},
            {"{\"type\": \"object\", \"additionalProperties\": 1}", "'additionalProperties' must be"},
        }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> grammar(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
        assertEquals(COMPLETE, grammar("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": [\"integer\", \"null\"],"
                + " \"enum\": [2.0, null]}}}").check("{\"a\":2.0}"), "2.0 is an integer");
    }

    @Test
    void anEnumValueThatBeginsAnotherDoesNotHideIt() {
        JsonGrammar g = grammar("{\"type\": \"object\", \"properties\": {\"a\": {\"enum\": [1, 10, 2, 2.5]}}}");
        for (String v : List.of("1", "10", "2", "2.5")) assertEquals(COMPLETE, g.check("{\"a\":" + v + "}"), v);
        assertEquals(PREFIX, g.check("{\"a\":1"));
        assertEquals(PREFIX, g.check("{\"a\":2."));
        assertEquals(INVALID, g.check("{\"a\":100"));
    }

    @Test
    void additionalPropertiesShapeAnObjectWithoutProperties() {
        JsonGrammar none = grammar("{\"type\": \"object\", \"additionalProperties\": false}");
        assertEquals(COMPLETE, none.check("{}"));
        assertEquals(INVALID, none.check("{\""));
        JsonGrammar ints = grammar("{\"type\": \"object\", \"additionalProperties\": {\"type\": \"integer\"}}");
        assertEquals(COMPLETE, ints.check("{\"a\":1,\"b\":-2}"));
        assertEquals(INVALID, ints.check("{\"a\":\"x\""));
        assertEquals(COMPLETE, grammar("{\"type\": \"object\", \"additionalProperties\": true}").check("{\"a\":\"x\"}"));
        JsonGrammar listed = grammar("{\"type\": \"object\", \"properties\": {\"a\": {}}, \"additionalProperties\": {\"type\": \"string\"}}");
        assertEquals(INVALID, listed.check("{\"b\":"), "with properties only those are written");
    }

    /** The processor's shortcuts (first characters, plain text inside strings) admit exactly the tokens a full check does. */
    /** A schema whose root holds one string property with an enum of {@code n} values of {@code length} characters. */
    private static String enumSchema(int n, int length) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < n; i++) values.append(i == 0 ? "" : ",").append('"').append(String.format("%0" + length + "d", i)).append('"');
        return "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\", \"enum\": [" + values + "]}}}";
    }

    @Test
    void schemasBeyondOpenAisSizeBoundsAreRefused() {
        assertEquals(PREFIX, grammar(enumSchema(250, 100)).check("{\"a\":\"0"), "250 long values are not a large enum");
        assertEquals(PREFIX, grammar(enumSchema(1_000, 15)).check("{\"a\":\"0"), "1,000 values of 15 characters each");
        IllegalArgumentException large = assertThrows(IllegalArgumentException.class, () -> grammar(enumSchema(251, 60)));
        assertTrue(large.getMessage().contains("15000"), large.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> grammar(enumSchema(1_001, 4))).getMessage().contains("1001 enum values"));
        StringBuilder props = new StringBuilder();
        for (int i = 0; i < 5_001; i++) props.append(i == 0 ? "" : ",").append("\"p").append(i).append("\": {\"type\": \"integer\"}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> grammar("{\"type\": \"object\", \"properties\": {" + props + "}}"))
                .getMessage().contains("5001 object properties"));
        String longName = "n".repeat(120_001);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> grammar("{\"type\": \"object\", \"properties\": {\"" + longName
                + "\": {\"type\": \"integer\"}}}")).getMessage().contains("120001 characters"));
    }

    @Test
    void theMaskIsExactlyTheTokensThatKeepTheTextAPrefix() {
        JsonGrammar g = grammar("{\"type\": \"object\", \"properties\": {\"note\": {\"type\": \"string\"}, \"tag\": {\"enum\": [\"ab\", \"a\\\"b\"]},"
                + " \"xs\": {\"type\": \"array\", \"items\": {\"type\": \"number\"}}, \"any\": {\"type\": \"object\"}}}");
        String doc = "{\"note\":\"say \\\"hi\\\" \\u00e9 x\",\"tag\":\"a\\\"b\",\"xs\":[1.5,-2e3,0],\"any\":{\"k\":[true,null,\"v\"]}}";
        assertEquals(COMPLETE, g.check(doc));
        try (Transformer model = Fixtures.tinyLlamaWithTokenizer()) {
            var tok = model.tokenizer().orElseThrow();
            String[] texts = new String[model.vocabSize()];
            for (int id = 0; id < texts.length; id++) texts[id] = tok.decode(new int[] {id});
            int checked = 0;
            for (int cut = 0; cut < doc.length(); cut++) {
                String prefix = doc.substring(0, cut);
                int[] history = tok.encode(prefix);
                if (!tok.decode(history).equals(prefix)) continue; // the tokens must spell the prefix exactly
                checked++;
                float[] mask = new JsonGrammarProcessor(g, 0, texts, new int[] {0}).apply(history, new float[texts.length]);
                for (int v = 0; v < texts.length; v++) {
                    boolean full = !texts[v].isEmpty() && g.check(prefix + texts[v]) != INVALID;
                    assertEquals(full, mask[v] == 0f, "after " + prefix + " token " + v + " '" + texts[v] + "'");
                }
            }
            assertTrue(checked > doc.length() / 2, "most prefixes are spelled by tokens: " + checked);
        }
    }

    /**
     * Decoding under the grammar keeps every prefix admissible and ends only on a whole value: a random tiny model,
     * sampled hot, writes valid JSON of a schema whose language is finite.
     */
    @Test
    void constrainedDecodingWritesOnlyAdmittedJson() {
        JsonGrammar g = grammar("{\"type\": \"object\", \"properties\": {\"answer\": {\"enum\": [\"A\", \"B\", \"C\", \"D\"]},"
                + " \"sure\": {\"type\": \"boolean\"}}, \"required\": [\"answer\", \"sure\"]}");
        try (Transformer model = Fixtures.tinyLlamaWithTokenizer()) {
            var tok = model.tokenizer().orElseThrow();
            String[] texts = new String[model.vocabSize()];
            for (int id = 0; id < texts.length; id++) texts[id] = tok.decode(new int[] {id});
            int[] prompt = tok.encode("The answer is");
            for (int seed = 0; seed < 5; seed++) {
                Decoder d = new Sampler(SamplingParams.DEFAULT.withTemperature(1.5), new Random(seed))
                        .after(new JsonGrammarProcessor(g, prompt.length, texts, model.eosTokenIds()));
                Generation.Result r = Generation.of(40).withEos(model.eosTokenIds()).withTokenizer(tok).run(model, prompt, d);
                assertEquals(Generation.Stop.EOS, r.stop(), r.text());
                assertEquals(COMPLETE, g.check(r.text()), r.text());
                JsonObject o = JsonParser.parseString(r.text()).getAsJsonObject();
                assertTrue(List.of("A", "B", "C", "D").contains(o.get("answer").getAsString()), r.text());
            }
            // unconstrained, the same sampler writes no JSON at all
            Generation.Result free = Generation.of(40).withEos(model.eosTokenIds()).withTokenizer(tok)
                    .run(model, prompt, new Sampler(SamplingParams.DEFAULT.withTemperature(1.5), new Random(0)));
            assertNotEquals(COMPLETE, g.check(free.text()));
        }
    }
}
