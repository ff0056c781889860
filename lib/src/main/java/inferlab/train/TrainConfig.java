package inferlab.train;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.annotations.SerializedName;
import inferlab.Errors;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * One training run, read from JSON. {@code model} is a Hugging Face {@code config.json} object (architecture
 * and sizes); the rest are optimisation settings. {@code init}, when set, is a model directory to start
 * from instead of random weights (a second training phase). {@code task_items}, when set, maps task names to a
 * number of fresh training items drawn for this run (see {@code TaskSets.freshTrainingItems}) in place of the
 * stored train splits, so a long run does not cycle through the same items. {@code teacher}, when set, is a model directory
 * whose next-token distributions the student is trained to match (distillation). {@code graph_scratchpad}
 * trains graph-paths answers with their scratchpad (else the {@code submit_paths} call alone, as the first
 * phases were; see {@code TrainingData.text}); {@code max_item_tokens}, when set, leaves out fresh task items
 * longer than that. {@code corpus}, when set, is a directory whose {@code train.txt} replaces the corpus's train split
 * (a draft's fifth phase reads the target's own continuations there, {@link SelfDistillation}); validation stays on
 * the corpus. Paths are relative to the repository root.
 */
public record TrainConfig(
        JsonObject model,
        int steps,
        @SerializedName("batch_size") int batchSize,
        int context,
        @SerializedName("learning_rate") double learningRate,
        @SerializedName("min_learning_rate") double minLearningRate,
        @SerializedName("warmup_steps") int warmupSteps,
        @SerializedName("weight_decay") double weightDecay,
        @SerializedName("grad_clip") double gradClip,
        @SerializedName("eval_every") int evalEvery,
        @SerializedName("eval_batches") int evalBatches,
        @SerializedName("checkpoint_every") int checkpointEvery,
        @SerializedName("task_fraction") double taskFraction,
        @SerializedName("task_items") java.util.Map<String, Integer> taskItems,
        String init,
        String teacher,
        @SerializedName("distill_weight") double distillWeight,
        @SerializedName("graph_scratchpad") boolean graphScratchpad,
        @SerializedName("max_item_tokens") int maxItemTokens,
        String corpus,
        long seed) {

    public static TrainConfig read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read training config " + file, e);
        }
    }

    public static TrainConfig parse(String json) {
        TrainConfig c;
        try {
            JsonElement tree = JsonParser.parseString(json);
            if (tree.isJsonObject()) checkKeysAndTypes(tree.getAsJsonObject());
            c = new Gson().fromJson(tree, TrainConfig.class);
        } catch (JsonParseException | IllegalStateException e) { // malformed JSON, or a field of the wrong type
            throw new IllegalArgumentException("training config: " + Errors.reason(e));
        }
        if (c == null) throw new IllegalArgumentException("training config is empty");
        if (c.model == null) throw new IllegalArgumentException("training config has no \"model\" object");
        if (c.steps <= 0 || c.batchSize <= 0 || c.context <= 1) {
            throw new IllegalArgumentException("steps, batch_size must be > 0 and context > 1");
        }
        // checked here, not after minutes of loading data: a zero interval divides by zero at the first step, and
        // a NaN or negative rate trains for hours to a model of NaN
        if (c.evalEvery <= 0 || c.evalBatches <= 0 || c.checkpointEvery <= 0 || c.warmupSteps < 0) {
            throw new IllegalArgumentException("eval_every, eval_batches, checkpoint_every must be > 0 and warmup_steps >= 0");
        }
        if (!(c.learningRate > 0 && c.learningRate < Double.POSITIVE_INFINITY && c.minLearningRate >= 0
                && c.minLearningRate <= c.learningRate)) {
            throw new IllegalArgumentException("learning_rate must be a finite number > 0 and min_learning_rate in"
                    + " [0, learning_rate], got " + c.learningRate + " and " + c.minLearningRate);
        }
        if (!(c.weightDecay >= 0 && c.weightDecay < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("weight_decay must be a finite number >= 0, got " + c.weightDecay);
        }
        if (!(c.gradClip > 0 && c.gradClip < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("grad_clip must be a finite number > 0, got " + c.gradClip);
        }
        if (!(c.taskFraction >= 0 && c.taskFraction <= 1)) {
            throw new IllegalArgumentException("task_fraction must be in [0, 1], got " + c.taskFraction);
        }
        if (c.taskItems != null && c.taskItems.values().stream().anyMatch(n -> n < 0)) { // else "Illegal Capacity: -5"
            throw new IllegalArgumentException("task_items counts must be >= 0, got " + c.taskItems);
        }
        if (c.maxItemTokens < 0) throw new IllegalArgumentException("max_item_tokens must be >= 0 (0: no limit)");
        if (c.teacher != null && (c.distillWeight <= 0 || c.distillWeight > 1)) {
            throw new IllegalArgumentException("with a teacher, distill_weight must be in (0, 1]");
        }
        return c;
    }

    /**
     * Gson skips a key it does not know and bends a value to the field's type ({@code 2.5} steps to 2, {@code "yes"} to
     * false), so a misspelt {@code "sead"} or {@code "learning_rte"} silently trained with the default: every key must
     * be a setting and every value of its setting's JSON type (null for an optional one).
     */
    private static void checkKeysAndTypes(JsonObject json) {
        Map<String, RecordComponent> known = new TreeMap<>();
        for (RecordComponent rc : TrainConfig.class.getRecordComponents()) {
            SerializedName name = rc.getAccessor().getAnnotation(SerializedName.class); // it targets fields and methods
            known.put(name != null ? name.value() : rc.getName(), rc);
        }
        for (Map.Entry<String, JsonElement> e : json.entrySet()) {
            RecordComponent rc = known.get(e.getKey());
            if (rc == null) {
                throw new IllegalArgumentException("training config: unknown setting \"" + e.getKey() + "\" (known: "
                        + String.join(", ", known.keySet()) + ")");
            }
            JsonElement v = e.getValue();
            Class<?> type = rc.getType();
            String expected = null;
            if (type == int.class || type == long.class) {
                if (!isWhole(v, type == int.class ? Integer.MAX_VALUE : Long.MAX_VALUE)) expected = "a whole number";
            } else if (type == double.class) {
                // lenient JSON reads NaN and Infinity as strings: they pass here, to the range checks that name them
                if (!v.isJsonPrimitive() || v.getAsJsonPrimitive().isBoolean()) expected = "a number";
            } else if (type == boolean.class) {
                if (!(v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean())) expected = "true or false";
            } else if (v.isJsonNull()) {
                continue; // an optional setting left unset
            } else if (type == String.class) {
                if (!(v.isJsonPrimitive() && v.getAsJsonPrimitive().isString())) expected = "a string";
            } else if (type == Map.class && v.isJsonObject()) { // (not an object at all: Gson says so, as for "model")
                if (!v.getAsJsonObject().asMap().values().stream().allMatch(x -> isWhole(x, Integer.MAX_VALUE))) {
                    expected = "an object of whole numbers";
                }
            }
            if (expected != null) {
                String shown = v.toString();
                throw new IllegalArgumentException("training config: \"" + e.getKey() + "\" must be " + expected + ", got "
                        + (shown.length() > 60 ? shown.substring(0, 60) + "..." : shown));
            }
        }
    }

    private static boolean isWhole(JsonElement v, long max) {
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) return false;
        try {
            long n = v.getAsJsonPrimitive().getAsBigDecimal().longValueExact();
            return n <= max && n >= -max - 1;
        } catch (ArithmeticException | NumberFormatException e) { // a fraction, beyond a long, or an exponent Gson refuses
            return false;
        }
    }
}
