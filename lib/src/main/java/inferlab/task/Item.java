package inferlab.task;

import com.google.gson.JsonObject;

/**
 * One task instance. {@code answer} is the gold completion exactly as a model should write it after the
 * prompt; training text is {@link #text()} = prompt + " " + answer. {@code meta} holds task-specific facts
 * (difficulty, gold values) as a JSON object, never null.
 */
public record Item(String id, String task, String prompt, String answer, JsonObject meta) {
    public Item {
        if (meta == null) meta = new JsonObject();
    }

    /** The prompt followed by the gold answer: what the embedded models are trained on. */
    public String text() {
        return prompt + " " + answer;
    }

    public Item withId(String newId) {
        return new Item(newId, task, prompt, answer, meta);
    }
}
