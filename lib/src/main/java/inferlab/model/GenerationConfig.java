package inferlab.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A model's own decoding settings, from the {@code generation_config.json} beside its weights, under Hugging
 * Face's names; a key the file does not set (or a missing file) takes {@code GenerationConfig}'s default.
 * These are what {@code model.generate(ids)} does without arguments: greedy unless {@code do_sample} is true
 * (the truncation settings, top-k 50 among them, apply only when sampling), beam search when
 * {@code num_beams} > 1. Its {@code eos_token_id}, one id or a list (empty when absent), is every token that ends
 * generation: chat checkpoints list their end-of-turn token there (Llama 3's {@code <|eot_id|>}, Gemma's
 * {@code <end_of_turn>}) beside the config's end of text.
 */
public record GenerationConfig(boolean doSample, int numBeams, double temperature, int topK, double topP,
                               double minP, double typicalP, double epsilonCutoff, double etaCutoff,
                               double repetitionPenalty, int noRepeatNgramSize, List<Integer> eosTokenIds) {

    /** Hugging Face's defaults: greedy, one beam; when sampling, T = 1 and top-k 50. */
    public static final GenerationConfig DEFAULTS = new GenerationConfig(false, 1, 1, 50, 1, 0, 1, 0, 0, 1, 0, List.of());

    /** The settings in {@code dir/generation_config.json}, or {@link #DEFAULTS} when there is no such file. */
    public static GenerationConfig read(Path dir) {
        Path file = dir.resolve("generation_config.json");
        if (!Files.isRegularFile(file)) return DEFAULTS;
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad " + file + ": " + e.getMessage(), e);
        }
    }

    public static GenerationConfig parse(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        GenerationConfig d = DEFAULTS;
        return new GenerationConfig(bool(o, "do_sample", d.doSample), (int) number(o, "num_beams", d.numBeams),
                number(o, "temperature", d.temperature), (int) number(o, "top_k", d.topK), number(o, "top_p", d.topP),
                number(o, "min_p", d.minP), number(o, "typical_p", d.typicalP), number(o, "epsilon_cutoff", d.epsilonCutoff),
                number(o, "eta_cutoff", d.etaCutoff), number(o, "repetition_penalty", d.repetitionPenalty),
                (int) number(o, "no_repeat_ngram_size", d.noRepeatNgramSize), Arrays.stream(HfConfig.ids(o.get("eos_token_id"))).boxed().toList());
    }

    private static double number(JsonObject o, String key, double otherwise) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? otherwise : e.getAsDouble();
    }

    private static boolean bool(JsonObject o, String key, boolean otherwise) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? otherwise : e.getAsBoolean();
    }
}
