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
            case "top_k" -> new TopKProcessor(whole(args, "top_k"));
            case "top_p" -> new TopPProcessor(number(args, "top_p"));
            case "min_p" -> new MinPProcessor(number(args, "min_p"));
            case "typical_p" -> new TypicalProcessor(number(args, "mass"));
            case "epsilon" -> new EpsilonProcessor(number(args, "epsilon"));
            case "eta" -> new EtaProcessor(number(args, "epsilon"));
            case "repetition_penalty" -> new RepetitionPenaltyProcessor(number(args, "penalty"));
            case "no_repeat_ngram" -> new NoRepeatNGramProcessor(whole(args, "ngram_size"));
            default -> throw new IllegalArgumentException("unknown processor: " + name);
        };
    }

    /** A copy of {@code c} with {@code out} set to the processor's output; a field of the wrong JSON type is named. */
    public static JsonObject run(JsonObject c) {
        JsonElement name = field(c, "processor"), args = c.has("args") ? c.get("args") : new JsonObject();
        if (!(name instanceof JsonPrimitive n && n.isString())) throw new IllegalArgumentException("\"processor\" must be a string");
        if (!args.isJsonObject()) throw new IllegalArgumentException("\"args\" must be a JSON object");
        float[] out = processor(name.getAsString(), args.getAsJsonObject())
                .apply(ints(list(c, "input_ids")), floats(list(c, "logits")));
        JsonObject result = c.deepCopy();
        JsonArray a = new JsonArray();
        for (float v : out) a.add(v == Float.NEGATIVE_INFINITY ? null : new JsonPrimitive(v));
        result.add("out", a);
        return result;
    }

    /** Numbers, JSON null read as −∞. */
    public static float[] floats(JsonArray a) {
        float[] x = new float[a.size()];
        for (int i = 0; i < x.length; i++) {
            JsonElement e = a.get(i);
            x[i] = e.isJsonNull() ? Float.NEGATIVE_INFINITY : (float) number(e, "a logit");
        }
        return x;
    }

    /** Whole numbers in int range (a token id written 1.5 or "7" is refused, not rounded or parsed). */
    public static int[] ints(JsonArray a) {
        int[] x = new int[a.size()];
        for (int i = 0; i < x.length; i++) x[i] = whole(a.get(i), "a token id");
        return x;
    }

    private static double number(JsonObject args, String key) {
        return number(argument(args, key), "argument \"" + key + "\"");
    }

    private static int whole(JsonObject args, String key) {
        return whole(argument(args, key), "argument \"" + key + "\"");
    }

    private static JsonElement argument(JsonObject args, String key) {
        if (!args.has(key)) throw new IllegalArgumentException("missing argument \"" + key + "\"");
        return args.get(key);
    }

    private static int whole(JsonElement e, String what) {
        double v = number(e, what);
        if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " must be a whole number, got " + e);
        }
        return (int) v;
    }

    private static double number(JsonElement e, String what) {
        if (!(e instanceof JsonPrimitive p && p.isNumber())) throw new IllegalArgumentException(what + " must be a number, got " + e);
        return p.getAsDouble();
    }

    private static JsonElement field(JsonObject c, String key) {
        if (!c.has(key)) throw new IllegalArgumentException("case without \"" + key + "\"");
        return c.get(key);
    }

    private static JsonArray list(JsonObject c, String key) {
        if (!(field(c, key) instanceof JsonArray a)) throw new IllegalArgumentException("\"" + key + "\" must be a JSON list");
        return a;
    }
}
