package inferlab.decode;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * One processor case in the schema of the Hugging Face fixture {@code processors.json}: {@code processor}
 * (HF's short name), {@code args} (HF's argument names), {@code input_ids}, {@code logits}; JSON null
 * stands for −∞. {@link #run} fills in {@code out}.
 */
public final class ProcessorCase {
    private ProcessorCase() {}

    /** The processor named as in the fixture, e.g. {@code top_p} with {@code {"top_p": 0.9}}. */
    public static LogitsProcessor processor(String name, JsonObject args) {
        return switch (name) {
            case "temperature" -> new TemperatureProcessor(number(args, "temperature"));
            case "top_k" -> new TopKProcessor((int) number(args, "top_k"));
            case "top_p" -> new TopPProcessor(number(args, "top_p"));
            case "min_p" -> new MinPProcessor(number(args, "min_p"));
            case "typical_p" -> new TypicalProcessor(number(args, "mass"));
            case "epsilon" -> new EpsilonProcessor(number(args, "epsilon"));
            case "eta" -> new EtaProcessor(number(args, "epsilon"));
            case "repetition_penalty" -> new RepetitionPenaltyProcessor(number(args, "penalty"));
            case "no_repeat_ngram" -> new NoRepeatNGramProcessor((int) number(args, "ngram_size"));
            default -> throw new IllegalArgumentException("unknown processor: " + name);
        };
    }

    /** A copy of {@code c} with {@code out} set to the processor's output. */
    public static JsonObject run(JsonObject c) {
        for (String key : new String[] {"processor", "input_ids", "logits"}) {
            if (!c.has(key)) throw new IllegalArgumentException("case without \"" + key + "\": " + c);
        }
        JsonObject args = c.has("args") ? c.getAsJsonObject("args") : new JsonObject();
        float[] out = processor(c.get("processor").getAsString(), args)
                .apply(ints(c.getAsJsonArray("input_ids")), floats(c.getAsJsonArray("logits")));
        JsonObject result = c.deepCopy();
        JsonArray a = new JsonArray();
        for (float v : out) a.add(v == Float.NEGATIVE_INFINITY ? null : new JsonPrimitive(v));
        result.add("out", a);
        return result;
    }

    public static float[] floats(JsonArray a) {
        float[] x = new float[a.size()];
        for (int i = 0; i < x.length; i++) {
            JsonElement e = a.get(i);
            x[i] = e.isJsonNull() ? Float.NEGATIVE_INFINITY : e.getAsFloat();
        }
        return x;
    }

    public static int[] ints(JsonArray a) {
        int[] x = new int[a.size()];
        for (int i = 0; i < x.length; i++) x[i] = a.get(i).getAsInt();
        return x;
    }

    private static double number(JsonObject args, String key) {
        if (!args.has(key)) throw new IllegalArgumentException("missing argument \"" + key + "\"");
        return args.get(key).getAsDouble();
    }
}
