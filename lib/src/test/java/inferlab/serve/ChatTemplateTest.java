package inferlab.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatTemplateTest {
    static final String CHATML = "{% for m in messages %}<|im_start|>{{ m.role }}\\n{{ m.content }}<|im_end|>{% endfor %}";
    static final String LLAMA3 = "{% for m in messages %}<|start_header_id|>{{ m.role }}<|end_header_id|>{% endfor %}";

    static Path model(Path dir, String name, String tokenizerConfig, String jinja) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        if (tokenizerConfig != null) Files.writeString(d.resolve("tokenizer_config.json"), tokenizerConfig);
        if (jinja != null) Files.writeString(d.resolve("chat_template.jinja"), jinja);
        return d;
    }

    @Test
    void familyIsReadFromEveryPlaceACheckpointKeepsItsTemplate(@TempDir Path dir) throws Exception {
        assertEquals(ChatTemplate.CHATML, ChatTemplate.of(model(dir, "inline", "{\"chat_template\": \"" + CHATML + "\"}", null)));
        // recent transformers write the template to its own file
        assertEquals(ChatTemplate.CHATML, ChatTemplate.of(model(dir, "file", "{}", CHATML.replace("\\n", "\n"))));
        // a list of named templates: the default one decides
        assertEquals(ChatTemplate.LLAMA3, ChatTemplate.of(model(dir, "named", "{\"chat_template\": [{\"name\": \"tool_use\", \"template\": \""
                + CHATML + "\"}, {\"name\": \"default\", \"template\": \"" + LLAMA3 + "\"}]}", null)));
        assertEquals(ChatTemplate.PLAIN, ChatTemplate.of(model(dir, "none", "{}", null)));
        assertEquals(ChatTemplate.PLAIN, ChatTemplate.of(model(dir, "broken", "{\"chat_template\": [1, 2]}", null)));
        assertEquals(ChatTemplate.PLAIN, ChatTemplate.of(model(dir, "empty", null, null)));
        assertEquals("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n",
                ChatTemplate.CHATML.render(List.of(new ChatTemplate.Message("user", "hi"))));
    }
}
