package inferlab.jinja;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The renderer against Jinja2 itself, in transformers' chat-template environment (fixture {@code jinja/cases.jsonl}: features
 * one at a time, random whitespace arrangements, random expressions over every kind of value).
 */
class TemplateTest {

    static List<JsonObject> cases(String resource) throws IOException {
        try (InputStream in = TemplateTest.class.getResourceAsStream(resource)) {
            List<JsonObject> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) out.add(JsonParser.parseString(line).getAsJsonObject());
            }
            return out;
        }
    }

    static Map<String, Object> context(JsonObject o) {
        Map<String, Object> context = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : o.entrySet()) context.put(e.getKey(), e.getValue());
        return context;
    }

    @Test
    void everyCaseRendersAsJinja2RendersIt() throws IOException {
        List<JsonObject> cases = cases("/jinja/cases.jsonl");
        assertTrue(cases.size() >= 1900, "the fixture has its cases");
        List<String> wrong = new ArrayList<>();
        for (JsonObject c : cases) {
            String template = c.get("template").getAsString();
            String got;
            try {
                got = Template.parse(template).render(context(c.getAsJsonObject("context")));
            } catch (TemplateException e) {
                got = "error: " + e.getMessage();
            }
            boolean right = c.has("error") ? got.startsWith("error: ") : got.equals(c.get("expected").getAsString());
            if (!right) wrong.add(template + "\n  jinja2: " + (c.has("error") ? c.get("error") : c.get("expected")) + "\n  here:   " + got);
        }
        assertEquals(List.of(), wrong);
    }

    /**
     * Real checkpoints' chat templates ({@code chat-templates/}, verbatim) with the variables transformers'
     * {@code apply_chat_template} gives them: the special tokens, messages, tools, documents, the generation flag and
     * the caller's options. A template's own {@code raise_exception} must say what transformers reports.
     */
    @Test
    void realChatTemplatesRenderAsTransformersRendersThem() throws IOException {
        JsonObject tokens;
        try (InputStream in = TemplateTest.class.getResourceAsStream("/chat-templates/tokens.json")) {
            tokens = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        }
        List<String> wrong = new ArrayList<>();
        List<JsonObject> cases = cases("/chat-templates/cases.jsonl");
        for (JsonObject c : cases) {
            String name = c.get("template").getAsString();
            Map<String, Object> context = new LinkedHashMap<>();
            tokens.getAsJsonObject(name).entrySet().forEach(e -> {
                if (!e.getValue().isJsonNull()) context.put(e.getKey(), e.getValue());
            });
            context.put("messages", c.get("messages"));
            context.put("tools", c.get("tools"));
            context.put("documents", null);
            context.put("add_generation_prompt", c.get("add_generation_prompt"));
            context.putAll(context(c.getAsJsonObject("kwargs")));
            String got;
            try (InputStream in = TemplateTest.class.getResourceAsStream("/chat-templates/" + name + ".jinja")) {
                got = Template.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).render(context);
            } catch (TemplateException e) {
                got = "error: " + e.getMessage();
            }
            String want = c.has("error") ? "error: " + c.get("error").getAsString() : c.get("expected").getAsString();
            if (!got.equals(want)) wrong.add(c.get("id") + "\n  transformers: " + want + "\n  here:         " + got);
        }
        assertTrue(cases.size() >= 150, "the fixture has its cases");
        assertEquals(List.of(), wrong);
    }

    @Test
    void syntaxErrorsNameTheLine() {
        TemplateException e = assertThrows(TemplateException.class, () -> Template.parse("a\n{% if x %}\nb\n{% endfor %}"));
        assertTrue(e.getMessage().contains("line 4"), e.getMessage());
        assertThrows(TemplateException.class, () -> Template.parse("{{ 'open"));
        assertThrows(TemplateException.class, () -> Template.parse("{% include 'other.jinja' %}"));
        assertThrows(TemplateException.class, () -> Template.parse("{{ x | unknown_filter }}").render(Map.of("x", 1)));
    }

    @Test
    void aTemplateThatRunsAwayIsStopped() {
        Template t = Template.parse("{% for i in range(100000) %}{% for j in range(100000) %}{{ 'x' * 200 }}{% endfor %}{% endfor %}");
        TemplateException e = assertThrows(TemplateException.class, () -> t.render(Map.of()));
        assertTrue(e.getMessage().contains("characters"), e.getMessage());
        assertThrows(TemplateException.class, () -> Template.parse("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}").render(Map.of()));
        // loops that print nothing, and repetitions, are bounded too
        assertThrows(TemplateException.class, () -> Template.parse(
                "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}").render(Map.of()));
        assertThrows(TemplateException.class, () -> Template.parse("{{ ('x' * 100000) * 100000 }}").render(Map.of()));
    }

    @Test
    void inputsCannotBeChanged() {
        List<Object> list = new ArrayList<>(List.of("a"));
        assertThrows(TemplateException.class, () -> Template.parse("{{ xs.append('b') }}").render(Map.of("xs", list)));
        assertEquals(List.of("a"), list);
    }

    @Test
    void strftimeFormatsAsPython() {
        LocalDateTime t = LocalDateTime.of(2024, 7, 26, 9, 5, 3);
        // Python: datetime(2024, 7, 26, 9, 5, 3).strftime(...)
        assertEquals("26 Jul 2024", Builtins.strftime("%d %b %Y", t));
        assertEquals("Friday, July 26, 24 09:05:03 AM 208 %", Builtins.strftime("%A, %B %d, %y %H:%M:%S %p %j %%", t));
        assertEquals("9 5", Builtins.strftime("%-H %-M", t));
    }
}
