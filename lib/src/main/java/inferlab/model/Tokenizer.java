package inferlab.model;

/** Text to token ids and back. */
public interface Tokenizer {

    /** The ids of {@code text}, with no special tokens added: a piece of a longer sequence, or a rendered chat. */
    int[] encode(String text);

    /**
     * The ids of {@code text} as a whole prompt: with the special tokens the tokenizer frames a sequence with (a
     * Llama or Gemma tokenizer's BOS), as transformers' {@code tokenizer(text)}, vLLM's and llama.cpp's completions
     * encode it. A tokenizer without such framing gives {@link #encode}'s ids.
     */
    default int[] encodePrompt(String text) {
        return encode(text);
    }

    String decode(int[] ids);

    int vocabSize();
}
