package inferlab.model;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} (via DJL's binding of the Rust tokenizers): {@link #encode} adds no special
 * tokens and {@link #encodePrompt} adds those of the file's post-processor; decoding skips them.
 */
public final class HfTokenizer implements Tokenizer, AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final int vocabSize;

    /** Loads {@code tokenizerJson}; {@code vocabSize} is the model's V (the tokenizer may know fewer ids). */
    public HfTokenizer(Path tokenizerJson, int vocabSize) {
        try {
            // the Path overload reads the file; the String overload would try the hub
            this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson,
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot load tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
        }
        this.vocabSize = vocabSize;
    }

    @Override
    public int[] encode(String text) {
        return ints(tokenizer.encode(text, false, false).getIds());
    }

    @Override
    public int[] encodePrompt(String text) {
        return ints(tokenizer.encode(text, true, false).getIds());
    }

    private static int[] ints(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = (int) ids[i];
        return out;
    }

    @Override
    public String decode(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) l[i] = ids[i];
        return tokenizer.decode(l, true);
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
